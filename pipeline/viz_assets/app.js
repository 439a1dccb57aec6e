/* memokg graph page: filters, search, neighbourhood highlight and tooltips over vis-network.
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

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  /* ---------- filtering ---------- */

  function edgeTouchesCountry(e, iso3) {
    var a = nodeInfo[e.from], b = nodeInfo[e.to];
    return (a.type === "COUNTRY" && a.iso3 === iso3) || (b.type === "COUNTRY" && b.iso3 === iso3) ||
      a.country === iso3 || b.country === iso3;
  }

  function edgePasses(e, types, statuses) {
    var info = edgeInfo[e.id];
    if (!types.has(nodeInfo[e.from].type) || !types.has(nodeInfo[e.to].type)) return false;
    if (!statuses.has(info.status)) return false;
    if (info.weight < state.minWeight) return false;
    if (state.country && !edgeTouchesCountry(e, state.country)) return false;
    if (state.vendor && e.from !== state.vendor && e.to !== state.vendor) return false;
    if (state.capability && e.from !== state.capability && e.to !== state.capability &&
        info.capabilities.indexOf(state.capability) < 0) return false;
    return true;
  }

  function isAnchor(id) {
    var info = nodeInfo[id];
    return id === state.vendor || id === state.capability || (state.country && info.type === "COUNTRY" && info.iso3 === state.country);
  }

  function recompute() {
    var types = new Set(state.types), statuses = new Set(state.statuses);
    var restricting = Boolean(state.country || state.vendor || state.capability) || state.minWeight > 1 ||
      statuses.size < allStatuses.length;
    visibleEdges = new Set();
    var touched = new Set();
    edges.forEach(function (e) {
      if (edgePasses(e, types, statuses)) {
        visibleEdges.add(e.id);
        touched.add(e.from);
        touched.add(e.to);
      }
    });
    visibleNodes = new Set();
    nodes.forEach(function (n) {
      if (!types.has(nodeInfo[n.id].type)) return;
      if ((!restricting && !state.connectedOnly) || touched.has(n.id) || isAnchor(n.id)) visibleNodes.add(n.id);
    });
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

  function addField(dl, name, value) {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return;
    dl.appendChild(el("dt", name));
    dl.appendChild(el("dd", Array.isArray(value) ? value.join(", ") : value));
  }

  function countNote(shown, total) {
    return total > shown ? " \u2026 and " + (total - shown) + " more" : "";
  }

  function nodeTooltip(id) {
    var info = nodeInfo[id];
    var box = el("div", null, "memokg-tip memokg-tip-node");
    box.appendChild(el("h3", info.name));
    var dl = el("dl");
    var typeLabel = (style.node_types[info.type] || style.unknown_type).label;
    addField(dl, "type", typeLabel + (info.is_vendor ? " (vendor)" : "") + (info.category ? " \u00b7 " + info.category : ""));
    addField(dl, "id", id);
    if (info.iso3) addField(dl, "ISO3", info.iso3);
    if (info.aliases.length) addField(dl, "aliases", info.aliases.join(", ") + countNote(info.aliases.length, info.aliases_total));
    if (info.country) addField(dl, "home country", info.country_name ? info.country_name + " (" + info.country + ")" : info.country);
    addField(dl, "memos", info.memo_count + (info.mention_count ? " (" + info.mention_count + " mentions)" : ""));
    if (info.memos.length) addField(dl, "memo ids", info.memos.join(", ") + countNote(info.memos.length, info.memos_total));
    box.appendChild(dl);
    return box;
  }

  function edgeTooltip(id) {
    var info = edgeInfo[id];
    var e = edges.get(id);
    var box = el("div", null, "memokg-tip memokg-tip-edge");
    var verb = (style.edge_types[info.type] || style.unknown_edge_type).label;
    box.appendChild(el("h3", nodeInfo[e.from].name + " \u2192 " + verb + " \u2192 " + nodeInfo[e.to].name));
    var dl = el("dl");
    addField(dl, "status", info.status + (info.statuses.length > 1 ? " (seen: " + info.statuses.join(", ") + ")" : ""));
    addField(dl, "capabilities", info.capability_names.length ? info.capability_names : info.capabilities);
    addField(dl, "memos", info.weight);
    if (info.first_date) addField(dl, "dates", info.first_date === info.last_date ? info.first_date : info.first_date + " \u2013 " + info.last_date);
    if (info.confidence !== null) addField(dl, "confidence", info.confidence);
    box.appendChild(dl);
    if (info.evidence.length) {
      var list = el("ol", null, "memokg-evidence");
      info.evidence.forEach(function (ev) {
        var item = el("li");
        item.appendChild(el("div", ev.sentence, "memokg-sentence"));
        var where = [ev.reference || ev.memo_id, ev.section, ev.date, ev.page ? "p. " + ev.page : ""].filter(Boolean);
        item.appendChild(el("div", where.join(" \u00b7 "), "memokg-source"));
        list.appendChild(item);
      });
      box.appendChild(list);
      if (info.evidence_total > info.evidence.length) {
        box.appendChild(el("div", "\u2026 and " + (info.evidence_total - info.evidence.length) + " more", "memokg-more"));
      }
    }
    return box;
  }

  function showTooltip(kind, id, x, y) {
    var exists = kind === "node" ? nodeInfo[id] : edgeInfo[id];
    if (!exists) return null;
    tooltip.replaceChildren(kind === "node" ? nodeTooltip(id) : edgeTooltip(id));
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

  function fadedNode() {
    return { color: { background: style.faded.node, border: style.faded.border }, font: { color: style.faded.font } };
  }

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
        var f = fadedNode();
        nodeUpdates.push({ id: n, color: f.color, font: f.font });
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

  function norm(text) { return String(text).replace(/\s+/g, " ").trim().toLowerCase(); }

  function findNode(query) {
    var q = norm(query);
    if (!q) return null;
    var exact = [], partial = [];
    Object.keys(nodeInfo).forEach(function (id) {
      var info = nodeInfo[id];
      var words = [info.name].concat(info.aliases).map(norm);
      if (words.indexOf(q) >= 0 || norm(id) === q) exact.push(id);
      else if (words.some(function (w) { return w.indexOf(q) >= 0; })) partial.push(id);
    });
    var rank = function (a, b) { return (nodeInfo[b].memo_count - nodeInfo[a].memo_count) || (a < b ? -1 : a > b ? 1 : 0); };
    var hits = exact.length ? exact.sort(rank) : partial.sort(rank);
    return hits.length ? hits[0] : null;
  }

  function search(query) {
    var id = findNode(query);
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

  /* ---------- legend (inline SVG, no images) ---------- */

  var SVG = "http://www.w3.org/2000/svg";
  var SHAPES = {
    dot: ["circle", { cx: 9, cy: 9, r: 7 }],
    diamond: ["polygon", { points: "9,1 17,9 9,17 1,9" }],
    triangle: ["polygon", { points: "9,1 17,16 1,16" }],
    star: ["polygon", { points: "9,1 11.4,6.6 17,7 12.7,10.8 14,16.5 9,13.4 4,16.5 5.3,10.8 1,7 6.6,6.6" }],
    square: ["rect", { x: 2, y: 2, width: 14, height: 14 }]
  };

  function svg(width, shape) {
    var root = document.createElementNS(SVG, "svg");
    root.setAttribute("width", String(width));
    root.setAttribute("height", "18");
    var part = document.createElementNS(SVG, shape[0]);
    Object.keys(shape[1]).forEach(function (k) { part.setAttribute(k, String(shape[1][k])); });
    root.appendChild(part);
    return [root, part];
  }

  var legend = document.getElementById("memokg-legend");
  allTypes.forEach(function (t) {
    var look = style.node_types[t] || style.unknown_type;
    var pair = svg(18, SHAPES[look.shape] || SHAPES.dot);
    pair[1].setAttribute("fill", look.color);
    pair[1].setAttribute("stroke", look.border);
    var row = el("div", null, "memokg-legend-row");
    row.appendChild(pair[0]);
    row.appendChild(el("span", look.label));
    legend.appendChild(row);
  });
  allStatuses.forEach(function (s) {
    var look = style.statuses[s] || style.statuses.reported;
    var pair = svg(36, ["line", { x1: 1, y1: 9, x2: 35, y2: 9 }]);
    pair[1].setAttribute("stroke", look.color || "#444");
    pair[1].setAttribute("stroke-width", "2");
    pair[1].setAttribute("stroke-opacity", String(look.opacity));
    if (look.dashes) pair[1].setAttribute("stroke-dasharray", look.dashes.join(" "));
    var row = el("div", null, "memokg-legend-row");
    row.appendChild(pair[0]);
    row.appendChild(el("span", look.label));
    legend.appendChild(row);
  });

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
