/* memokg graph page: state, vis-network, side panel, search, highlight and tooltips (views.js, select.js help).
 * Memo text is hostile: it only ever reaches the DOM through textContent, never innerHTML. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("memokg-data").textContent);
  var style = data.style;
  var t0 = performance.now();
  var nodeInfo = {};
  var edgeInfo = {};
  var original = { nodes: {}, edges: {} };

  data.nodes.forEach(function (n) {
    nodeInfo[n.id] = n.info;
    delete n.info;
    original.nodes[n.id] = { color: n.color, font: n.font };
  });
  data.edges.forEach(function (e) {
    edgeInfo[e.id] = e.info;
    delete e.info;
    original.edges[e.id] = { color: e.color };
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var allStatuses = data.filters.statuses.slice();
  var allTypes = data.filters.types.slice();

  function freshState() {
    return { types: allTypes.slice(), statuses: allStatuses.slice(), country: "", vendor: "", capability: "", minWeight: 1,
      connectedOnly: false };
  }
  var state = freshState();
  var visibleNodes = new Set();
  var visibleEdges = new Set();

  var views = window.memokgViews;
  var el = views.el;

  /* ---------- filtering ---------- */

  function recompute() {
    var kept = window.memokgSelect.visible(state, nodes, edges, nodeInfo, edgeInfo, allStatuses);
    visibleNodes = kept.nodes;
    visibleEdges = kept.edges;
  }

  recompute();
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return visibleNodes.has(n.id); } });
  var edgesView = new vis.DataView(edges, { filter: function (e) { return visibleEdges.has(e.id); } });

  /* ---------- network ---------- */

  var container = document.getElementById("memokg-network");
  var progress = document.getElementById("memokg-progress");
  var physicsOn = Boolean(data.options.physics && data.options.physics.enabled);
  var api = {
    nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView, state: state,
    stabilized: !physicsOn, drawn: false, timings: { scriptStart: t0 }, highlighted: null
  };
  if (physicsOn) progress.textContent = "Laying out the graph\u2026";
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, data.options);
  api.network = network;

  network.on("stabilizationProgress", function (p) {
    progress.textContent = "Laying out the graph\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    // a settled layout should stay put: dragging one node must not set the whole graph moving again
    network.setOptions({ physics: { enabled: false } });
    progress.textContent = "";
    api.stabilized = true;
    api.timings.stabilized = performance.now();
  });
  network.on("afterDrawing", function () {
    if (api.stabilized && !api.drawn) {
      api.drawn = true;
      api.timings.drawn = performance.now();
    }
  });
  // a final layout (or an empty graph) has no stabilisation event to wait for: draw now
  if (!physicsOn) network.redraw();

  /* ---------- tooltips (DOM built with textContent only) ---------- */

  var tooltip = document.getElementById("memokg-tooltip");

  function showTooltip(kind, id, x, y) {
    var exists = kind === "node" ? nodeInfo[id] : edgeInfo[id];
    if (!exists) return null;
    var content;
    if (kind === "node") content = views.nodeTooltip(id, nodeInfo[id], style);
    else {
      var e = edges.get(id);
      content = views.edgeTooltip(edgeInfo[id], nodeInfo[e.from].name, nodeInfo[e.to].name, style);
    }
    tooltip.replaceChildren(content);
    tooltip.hidden = false;
    var wrap = container.getBoundingClientRect();
    var left = Math.max(0, Math.min((x || 0) + 14, wrap.width - tooltip.offsetWidth - 4));
    var top = Math.max(0, Math.min((y || 0) + 14, wrap.height - tooltip.offsetHeight - 4));
    tooltip.style.left = left + "px";
    tooltip.style.top = top + "px";
    return tooltip;
  }

  function hideTooltip() {
    tooltip.hidden = true;
    tooltip.replaceChildren();
  }

  network.on("hoverNode", function (p) { showTooltip("node", p.node, p.pointer.DOM.x, p.pointer.DOM.y); });
  network.on("hoverEdge", function (p) { showTooltip("edge", p.edge, p.pointer.DOM.x, p.pointer.DOM.y); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  /* ---------- neighbourhood highlight ---------- */

  function clearHighlight() {
    if (api.highlighted === null) return;
    var nodeUpdates = [], edgeUpdates = [];
    Object.keys(original.nodes).forEach(function (id) {
      nodeUpdates.push({ id: id, color: original.nodes[id].color, font: original.nodes[id].font });
    });
    Object.keys(original.edges).forEach(function (id) { edgeUpdates.push({ id: id, color: original.edges[id].color }); });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    api.highlighted = null;
  }

  function highlight(id) {
    if (!visibleNodes.has(id)) return [];
    clearHighlight();
    var keep = new Set(network.getConnectedNodes(id));
    keep.add(id);
    var keepEdges = new Set(network.getConnectedEdges(id));
    var nodeUpdates = [], edgeUpdates = [];
    visibleNodes.forEach(function (n) {
      if (!keep.has(n)) {
        nodeUpdates.push({ id: n, color: { background: style.faded.node, border: style.faded.border },
          font: { color: style.faded.font } });
      }
    });
    visibleEdges.forEach(function (e) {
      if (!keepEdges.has(e)) edgeUpdates.push({ id: e, color: { color: style.faded.edge, opacity: 1 } });
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    api.highlighted = { node: id, nodes: Array.from(keep).sort(), edges: Array.from(keepEdges).sort() };
    return api.highlighted.nodes;
  }

  network.on("click", function (p) {
    hideTooltip();
    if (p.nodes.length) highlight(p.nodes[0]);
    else if (!p.edges.length) clearHighlight();
  });

  /* ---------- side panel ---------- */

  function checkbox(parent, group, value, text, checked) {
    var row = el("div", null, "memokg-check");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.id = "memokg-" + group + "-" + value.replace(/[^A-Za-z0-9_-]/g, "_");
    box.value = value;
    box.checked = checked;
    box.dataset.group = group;
    var label = el("label", text);
    label.htmlFor = box.id;
    row.appendChild(box);
    row.appendChild(label);
    parent.appendChild(row);
    return box;
  }

  function typeCounts() {
    var counts = {};
    nodes.forEach(function (n) { var t = nodeInfo[n.id].type; counts[t] = (counts[t] || 0) + 1; });
    return counts;
  }

  var typeBox = document.getElementById("memokg-filter-types");
  var statusBox = document.getElementById("memokg-filter-statuses");
  var counts = typeCounts();
  allTypes.forEach(function (t) {
    checkbox(typeBox, "type", t, (style.node_types[t] || style.unknown_type).label + " (" + counts[t] + ")", true);
  });
  allStatuses.forEach(function (s) { checkbox(statusBox, "status", s, s, true); });

  function fillSelect(id, options) {
    var select = document.getElementById(id);
    options.forEach(function (pair) { select.appendChild(new Option(pair[1], pair[0])); });
    return select;
  }
  var countrySelect = fillSelect("memokg-filter-country", data.filters.countries);
  var vendorSelect = fillSelect("memokg-filter-vendor", data.filters.vendors);
  var capabilitySelect = fillSelect("memokg-filter-capability", data.filters.capabilities);
  var weightInput = document.getElementById("memokg-filter-weight");
  var connectedBox = document.getElementById("memokg-filter-connected");

  function checkedValues(parent) {
    return Array.from(parent.querySelectorAll("input[type=checkbox]")).filter(function (b) { return b.checked; })
      .map(function (b) { return b.value; });
  }

  function syncControls() {
    typeBox.querySelectorAll("input").forEach(function (b) { b.checked = state.types.indexOf(b.value) >= 0; });
    statusBox.querySelectorAll("input").forEach(function (b) { b.checked = state.statuses.indexOf(b.value) >= 0; });
    countrySelect.value = state.country;
    vendorSelect.value = state.vendor;
    capabilitySelect.value = state.capability;
    weightInput.value = String(state.minWeight);
    connectedBox.checked = Boolean(state.connectedOnly);
  }

  var visibleText = document.getElementById("memokg-visible");

  function showVisibleCounts() {
    visibleText.textContent = "(showing " + visibleNodes.size + " nodes, " + visibleEdges.size + " edges)";
  }

  function applyFilters(changes) {
    Object.keys(changes || {}).forEach(function (key) {
      if (!(key in state)) throw new Error("unknown filter " + key);
      if (key === "minWeight") state[key] = Math.max(1, parseInt(changes[key], 10) || 1);
      else if (key === "connectedOnly") state[key] = Boolean(changes[key]);
      else state[key] = changes[key];
    });
    clearHighlight();
    hideTooltip();
    recompute();
    nodesView.refresh();
    edgesView.refresh();
    syncControls();
    showVisibleCounts();
    return { nodes: visibleNodes.size, edges: visibleEdges.size };
  }

  function readControls() {
    applyFilters({
      types: checkedValues(typeBox), statuses: checkedValues(statusBox), country: countrySelect.value,
      vendor: vendorSelect.value, capability: capabilitySelect.value, minWeight: weightInput.value,
      connectedOnly: connectedBox.checked
    });
  }
  [typeBox, statusBox].forEach(function (box) { box.addEventListener("change", readControls); });
  [countrySelect, vendorSelect, capabilitySelect, weightInput, connectedBox].forEach(function (c) { c.addEventListener("change", readControls); });
  document.getElementById("memokg-reset").addEventListener("click", function () { applyFilters(freshState()); });

  /* ---------- search ---------- */

  var searchInput = document.getElementById("memokg-search");
  var searchResult = document.getElementById("memokg-search-result");
  var names = document.getElementById("memokg-names");
  var seenNames = new Set();
  Object.keys(nodeInfo).sort().forEach(function (id) {
    var name = nodeInfo[id].name;
    if (!seenNames.has(name)) { seenNames.add(name); names.appendChild(new Option(name)); }
  });

  function search(query) {
    var id = window.memokgSelect.findNode(query, nodeInfo);
    if (id === null) { searchResult.textContent = "No entity matches."; return null; }
    if (!visibleNodes.has(id)) {
      searchResult.textContent = nodeInfo[id].name + " is hidden by the current filters.";
      return id;
    }
    searchResult.textContent = "Found: " + nodeInfo[id].name;
    network.selectNodes([id]);
    highlight(id);
    network.focus(id, { scale: 1.2, animation: false });
    return id;
  }
  searchInput.addEventListener("change", function () { search(searchInput.value); });
  searchInput.addEventListener("keydown", function (ev) { if (ev.key === "Enter") search(searchInput.value); });

  views.legend(document.getElementById("memokg-legend"), style, allTypes, allStatuses);

  /* ---------- the page's API, for tests and the console ---------- */

  api.info = function (id) { return nodeInfo[id] || edgeInfo[id] || null; };
  api.visibleNodeIds = function () { return nodesView.getIds().sort(); };
  api.visibleEdgeIds = function () { return edgesView.getIds().sort(); };
  api.applyFilters = applyFilters;
  api.resetFilters = function () { return applyFilters(freshState()); };
  api.highlight = highlight;
  api.clearHighlight = clearHighlight;
  api.highlightedNodeIds = function () { return api.highlighted ? api.highlighted.nodes.slice() : []; };
  api.search = search;
  api.showTooltip = showTooltip;
  api.hideTooltip = hideTooltip;
  api.domPosition = function (id) { return network.canvasToDOM(network.getPosition(id)); };
  api.edgeMidpoint = function (id) {
    var edge = network.body.edges[id];  // vis has no public API for a point on a drawn edge
    return edge ? network.canvasToDOM(edge.edgeType.getPoint(0.5)) : null;
  };
  window.memokg = api;
  showVisibleCounts();
})();
