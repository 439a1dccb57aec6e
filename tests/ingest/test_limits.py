"""The per-file time limit stops a stuck read with a clear reason."""

from __future__ import annotations

import time

import pytest

from pipeline.errors import IngestError
from pipeline.ingest.limits import time_limit


def test_a_slow_block_is_stopped_with_reason_timeout() -> None:
    started = time.perf_counter()
    with pytest.raises(IngestError) as caught:
        with time_limit(0.2, "slow.pdf"):
            time.sleep(5)
    assert caught.value.reason == "timeout" and caught.value.path == "slow.pdf"
    assert time.perf_counter() - started < 2


def test_a_fast_block_runs_and_the_alarm_is_cleared() -> None:
    with time_limit(0.5, "fast.txt"):
        value = sum(range(1000))
    time.sleep(0.7)  # an alarm left armed would fire here
    assert value == 499500


@pytest.mark.parametrize("seconds", [None, 0])
def test_no_limit_when_none_or_zero(seconds: float | None) -> None:
    started = time.perf_counter()
    with time_limit(seconds, "any"):
        time.sleep(0.3)
    assert time.perf_counter() - started >= 0.3
