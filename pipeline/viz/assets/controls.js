/* memokg graph page: the side panel's legend-and-filter controls, built from the page data.
 * `build` fills the panel and returns `sync(state)` (controls follow the state) and `read()` (the state the
 * controls ask for); app.js owns the state and applies it. Text reaches the DOM through textContent only. */
window.memokgControls = (function () {
  "use strict";

  var views = window.memokgViews, el = views.el;

  function checkbox(parent, group, value, text, picture) {
    var row = el("div", null, "memokg-check");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.id = "memokg-" + group + "-" + value.replace(/[^A-Za-z0-9_-]/g, "_");
    box.value = value;
    box.checked = true;
    var label = el("label");
    label.htmlFor = box.id;
    if (picture) label.appendChild(picture);
    label.appendChild(el("span", text));
    row.appendChild(box);
    row.appendChild(label);
    parent.appendChild(row);
    return box;
  }

  function counts(items, key) {
    var c = {};
    items.forEach(function (info) { c[info[key]] = (c[info[key]] || 0) + 1; });
    return c;
  }

  function fillSelect(id, options) {
    var box = document.getElementById(id);
    options.forEach(function (pair) { box.appendChild(new Option(pair[1], pair[0])); });
    return box;
  }

  function checkedValues(parent) {
    return Array.from(parent.querySelectorAll("input[type=checkbox]")).filter(function (b) { return b.checked; })
      .map(function (b) { return b.value; });
  }

  /* all: {types, relations, statuses}; unconnected: how many entities have no relation; onChange(): a control moved */
  function build(data, style, nodeInfo, edgeInfo, all, unconnected, onChange) {
    var typeBox = document.getElementById("memokg-filter-types");
    var relationBox = document.getElementById("memokg-filter-relations");
    var statusBox = document.getElementById("memokg-filter-statuses");
    var nodeCounts = counts(Object.values(nodeInfo), "type"), edgeCounts = counts(Object.values(edgeInfo), "type");
    var statusCounts = counts(Object.values(edgeInfo), "status");
    all.types.forEach(function (t) {
      checkbox(typeBox, "type", t, views.typeLabel(style, { type: t }) + " (" + nodeCounts[t] + ")", views.typeSwatch(style, t));
    });
    all.relations.forEach(function (r) {
      checkbox(relationBox, "relation", r, r + " (" + edgeCounts[r] + ")", views.relationSwatch(style, r));
    });
    all.statuses.forEach(function (s) {
      var label = (style.statuses[s] || { label: s }).label;
      checkbox(statusBox, "status", s, label + " (" + statusCounts[s] + ")", views.statusSwatch(style, s));
    });
    var countrySelect = fillSelect("memokg-filter-country", data.filters.countries);
    var vendorSelect = fillSelect("memokg-filter-vendor", data.filters.vendors);
    var capabilitySelect = fillSelect("memokg-filter-capability", data.filters.capabilities);
    var weightInput = document.getElementById("memokg-filter-weight");
    var unconnectedBox = document.getElementById("memokg-filter-unconnected");
    document.getElementById("memokg-unconnected-label").textContent = "Show entities without relations (" + unconnected + ")";
    if (!unconnected) unconnectedBox.disabled = true;
    [typeBox, relationBox, statusBox, countrySelect, vendorSelect, capabilitySelect, weightInput, unconnectedBox]
      .forEach(function (c) { c.addEventListener("change", onChange); });

    function sync(state) {
      [[typeBox, "types"], [relationBox, "relations"], [statusBox, "statuses"]].forEach(function (pair) {
        pair[0].querySelectorAll("input").forEach(function (b) { b.checked = state[pair[1]].indexOf(b.value) >= 0; });
      });
      countrySelect.value = state.country;
      vendorSelect.value = state.vendor;
      capabilitySelect.value = state.capability;
      weightInput.value = String(state.minWeight);
      unconnectedBox.checked = !state.connectedOnly;
    }

    function read() {
      return { types: checkedValues(typeBox), relations: checkedValues(relationBox), statuses: checkedValues(statusBox),
        country: countrySelect.value, vendor: vendorSelect.value, capability: capabilitySelect.value,
        minWeight: weightInput.value, connectedOnly: !unconnectedBox.checked };
    }

    return { sync: sync, read: read };
  }

  return { build: build };
})();
