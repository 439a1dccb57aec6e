"""Headless Chromium for tests and screenshots: network blocked, every request and dialog recorded.

The proxy and host-resolver flags make any network fetch fail; the performance log (CDP
Network.* and Page.* events) records that a fetch was even attempted, and whether a JavaScript
dialog (alert/confirm/prompt) opened, so a test can assert that neither happened.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-default-browser-check",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
)


def chromium_available() -> bool:
    """True when the Debian Chromium and its chromedriver are installed."""
    return CHROMIUM.exists() and CHROMEDRIVER.exists()


class Browser:
    """A Selenium Chrome driver plus every CDP event and console message it logged so far."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.events: list[dict[str, Any]] = []
        self.console: list[dict[str, Any]] = []

    def collect(self) -> None:
        """Move the driver's buffered performance and console logs into this object."""
        for entry in self.driver.get_log("performance"):
            self.events.append(json.loads(entry["message"])["message"])
        self.console.extend(self.driver.get_log("browser"))

    def forget(self) -> None:
        """Drop everything logged so far (the browser's own start-up pages, earlier tests)."""
        self.collect()
        self.events.clear()
        self.console.clear()

    def open(self, path: Path) -> str:
        """Forget earlier logs and load a local file by its file:// URL; returns the URL."""
        self.forget()
        url = Path(path).resolve().as_uri()
        self.driver.get(url)
        return url

    def js(self, script: str, *args: Any) -> Any:
        """Run `return <script>` style JavaScript in the page and return its value."""
        return self.driver.execute_script(script, *args)

    def wait_for(self, condition: str, timeout: float = 30.0, poll: float = 0.05) -> float:
        """Wait until the JS expression is truthy; seconds waited, or TimeoutError."""
        start = time.perf_counter()
        while True:
            if self.driver.execute_script(f"return Boolean({condition});"):
                return time.perf_counter() - start
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"page condition not met within {timeout} s: {condition}")
            time.sleep(poll)

    def requested_urls(self) -> list[str]:
        """Every URL the page asked the browser for (network, file or data), in order."""
        self.collect()
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def page_requests(self) -> list[str]:
        """Requested URLs except chrome:// ones, which only the browser's own new-tab page can load."""
        return [url for url in self.requested_urls() if not url.startswith("chrome://")]

    def dialogs(self) -> list[str]:
        """Messages of every alert/confirm/prompt/beforeunload dialog the page opened."""
        self.collect()
        return [
            e["params"].get("message", "") for e in self.events if e.get("method") == "Page.javascriptDialogOpening"
        ]

    def console_errors(self) -> list[str]:
        """Console messages at level SEVERE (script errors, CSP violations, failed loads)."""
        self.collect()
        return [m["message"] for m in self.console if m.get("level") == "SEVERE"]


@contextmanager
def headless_chromium(width: int = 1400, height: int = 900) -> Iterator[Browser]:
    """Start headless Chromium with a fresh profile and the network blocked; quit it afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="memokg-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument(f"--window-size={width},{height}")
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
        options.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True, "enablePage": True})
        # report an open dialog as an error on the next command instead of silently dismissing it
        options.set_capability("unhandledPromptBehavior", "ignore")
        driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
        try:
            driver.set_page_load_timeout(60)
            # leave the new-tab page at once, so its own requests cannot mix with the page under test
            driver.get("about:blank")
            session = Browser(driver)
            session.forget()
            yield session
        finally:
            driver.quit()
