/* memokg graph page: state, vis-network, labels, filters, search, details panel and table views
 * (views.js, select.js, details.js and table.js build the parts). Memo text only reaches the DOM as textContent. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("memokg-data").textContent);
  var style = data.style, cfg = style.labels, memoHref = data.memo_href;
  var t0 = performance.now();
  var nodeInfo = {}, edgeInfo = {}, look = {}, edgeColor = {}, fullLabel = {}, edgesByNode = {};

  data.nodes.forEach(function (n) {
    nodeInfo[n.id] = n.info;
    look[n.id] = { color: n.color, font: n.font.color };
    fullLabel[n.id] = n.label;
    edgesByNode[n.id] = [];
    delete n.info;
    n.label = "";  // labels are painted below: the most connected always, the rest on zoom or hover
  });
  data.edges.forEach(function (e) {
    edgeInfo[e.id] = e.info;
    edgeColor[e.id] = e.color;
    edgesByNode[e.from].push(e.id);
    if (e.to !== e.from) edgesByNode[e.to].push(e.id);
    delete e.info;
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var all = { types: data.filters.types.slice(), statuses: data.filters.statuses.slice(),
    relations: data.filters.relations.slice() };
  var unconnected = Object.keys(nodeInfo).filter(function (id) { return !edgesByNode[id].length; }).length;

  function freshState() {
    return { types: all.types.slice(), statuses: all.statuses.slice(), relations: all.relations.slice(), country: "",
      vendor: "", capability: "", minWeight: 1, connectedOnly: unconnected > 0 };
  }
  var state = freshState();
  var visibleNodes = new Set(), visibleEdges = new Set(), top = new Set();
  var views = window.memokgViews, el = views.el, select = window.memokgSelect;

  function recompute() {
    var kept = select.visible(state, nodes, edges, nodeInfo, edgeInfo, all);
    visibleNodes = kept.nodes;
    visibleEdges = kept.edges;
    top = new Set(select.byConnections(Array.from(visibleNodes), nodeInfo).slice(0, cfg.always));
  }
  recompute();
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return visibleNodes.has(n.id); } });
  var edgesView = new vis.DataView(edges, { filter: function (e) { return visibleEdges.has(e.id); } });

  /* ---------- network ---------- */

  var container = document.getElementById("memokg-network");
  var progress = document.getElementById("memokg-progress");
  var physicsOn = Boolean(data.options.physics && data.options.physics.enabled);
  var api = { nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView, state: state,
    stabilized: !physicsOn, drawn: false, timings: { scriptStart: t0 }, highlighted: null, view: "graph" };
  if (physicsOn) progress.textContent = "Laying out the graph\u2026";
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, data.options);
  api.network = network;

  /* ---------- painting: labels, fading, sizes ---------- */

  var painted = {}, paintedScale = null, hovered = null, keep = null, paintQueued = false;

  function paint(ids) {
    var scale = network.getScale(), everyLabel = scale >= cfg.zoom_all, updates = [];
    // the always-on labels keep a readable size on screen however far the view is zoomed out
    var big = Math.round(Math.min(cfg.max_font, Math.max(cfg.font, cfg.screen_px / scale)));
    function shownAt(id) { return everyLabel || top.has(id) || id === hovered || (keep !== null && keep.has(id)); }
    // the big labels are few: place them in rank order so that none covers another
    var offsets = {};
    if (!everyLabel) {
      var big_ids = select.byConnections(Object.keys(nodeInfo).filter(function (id) {
        return visibleNodes.has(id) && shownAt(id);
      }), nodeInfo);
      var sizes = {};
      big_ids.forEach(function (id) { sizes[id] = nodes.get(id).size; });
      offsets = select.placeLabels(big_ids, network.getPositions(big_ids), sizes, fullLabel, big, cfg.keep);
    }
    ids.forEach(function (id) {
      var faded = keep !== null && !keep.has(id);
      // a crowded label beyond the first cfg.keep waits for zoom or hover
      var shown = shownAt(id) && (offsets[id] !== null || id === hovered);
      var size = shown && !everyLabel ? big : cfg.font, vadjust = offsets[id] || 0;
      var signature = (faded ? "f" : "") + (shown ? "l" : "") + size + "/" + vadjust;
      if (painted[id] === signature) return;
      painted[id] = signature;
      updates.push({ id: id, label: shown ? fullLabel[id] : "",
        color: faded ? { background: style.faded.node, border: style.faded.border } : look[id].color,
        // the always-on labels sit on a light plate: in a dense centre they stay readable over edges
        font: { color: faded ? style.faded.font : look[id].font, size: size, vadjust: vadjust,
          background: shown && !everyLabel && !faded ? cfg.plate : "none" } });
    });
    if (updates.length) nodes.update(updates);
    paintedScale = scale;
  }
  function paintAll() { paint(Object.keys(nodeInfo)); }
  paintAll();

  network.on("afterDrawing", function () {
    // zooming, fitting and stabilising all change the scale: repaint the labels for it on the next frame
    if (Math.abs(network.getScale() - paintedScale) > 0.01 * paintedScale) {
      if (!paintQueued) {
        paintQueued = true;
        requestAnimationFrame(function () { paintQueued = false; paintAll(); });
      }
    } else if (api.stabilized && !api.drawn) {
      api.drawn = true;  // the first frame with the final layout and its labels
      api.timings.drawn = performance.now();
    }
  });
  network.on("stabilizationProgress", function (p) {
    progress.textContent = "Laying out the graph\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    // a settled layout should stay put: dragging one node must not set the whole graph moving again
    network.setOptions({ physics: { enabled: false } });
    progress.textContent = "";
    api.stabilized = true;
    api.timings.stabilized = performance.now();
    paintAll();
  });
  if (!physicsOn) network.redraw();  // a final layout (or an empty graph) has no stabilisation event to wait for

  /* ---------- tooltips (hover) ---------- */

  var tooltip = document.getElementById("memokg-tooltip");

  function showTooltip(kind, id, x, y) {
    if (!(kind === "node" ? nodeInfo[id] : edgeInfo[id])) return null;
    var content;
    if (kind === "node") content = views.nodeTooltip(id, nodeInfo[id], style);
    else {
      var e = edges.get(id);
      content = views.edgeTooltip(edgeInfo[id], nodeInfo[e.from].name, nodeInfo[e.to].name, style);
    }
    tooltip.replaceChildren(content);
    tooltip.hidden = false;
    var wrap = container.getBoundingClientRect();
    tooltip.style.left = Math.max(0, Math.min((x || 0) + 14, wrap.width - tooltip.offsetWidth - 4)) + "px";
    tooltip.style.top = Math.max(0, Math.min((y || 0) + 14, wrap.height - tooltip.offsetHeight - 4)) + "px";
    return tooltip;
  }
  function hideTooltip() { tooltip.hidden = true; tooltip.replaceChildren(); }

  function hover(id) { var before = hovered; hovered = id; paint([before, id].filter(Boolean)); }
  network.on("hoverNode", function (p) { hover(p.node); showTooltip("node", p.node, p.pointer.DOM.x, p.pointer.DOM.y); });
  network.on("hoverEdge", function (p) { showTooltip("edge", p.edge, p.pointer.DOM.x, p.pointer.DOM.y); });
  network.on("blurNode", function () { hover(null); hideTooltip(); });
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  /* ---------- highlight and details panel ---------- */

  var details = document.getElementById("memokg-details");
  var detailsBody = document.getElementById("memokg-details-body");

  function clearHighlight() {
    if (api.highlighted === null) return;
    keep = null;
    api.highlighted = null;
    paintAll();
    edges.update(Object.keys(edgeColor).map(function (id) { return { id: id, color: edgeColor[id] }; }));
  }

  function highlightSet(nodeIds, edgeIds, about) {
    keep = new Set(nodeIds);
    var keepEdges = new Set(edgeIds), updates = [];
    visibleEdges.forEach(function (e) {
      updates.push({ id: e, color: keepEdges.has(e) ? edgeColor[e] : { color: style.faded.edge, opacity: 1 } });
    });
    edges.update(updates);
    paintAll();
    api.highlighted = { node: about, nodes: Array.from(keep).sort(), edges: Array.from(keepEdges).sort() };
    return api.highlighted.nodes;
  }

  function highlight(id) {
    if (!visibleNodes.has(id)) return [];
    var near = network.getConnectedNodes(id).concat([id]);
    return highlightSet(near, network.getConnectedEdges(id), id);
  }

  function resize() { network.setSize("100%", "100%"); network.redraw(); }

  var ctx = { nodeInfo: nodeInfo, edgeInfo: edgeInfo, edges: edges, style: style, memoHref: memoHref,
    isVisible: function (id) { return visibleEdges.has(id); },
    edgesOf: function (id) {
      return edgesByNode[id].map(function (e) { return edges.get(e); }).sort(function (a, b) {
        var x = edgeInfo[a.id], y = edgeInfo[b.id];
        return all.relations.indexOf(x.type) - all.relations.indexOf(y.type) || (y.weight - x.weight) || (a.id < b.id ? -1 : 1);
      });
    },
    open: function (kind, id) { openDetails(kind, id); } };

  function openDetails(kind, id) {
    if (!window.memokgDetails.show(detailsBody, kind, id, ctx)) return false;
    var wasHidden = details.hidden;
    details.hidden = false;
    if (wasHidden) resize();
    if (kind === "node") { highlight(id); if (visibleNodes.has(id)) network.selectNodes([id]); }
    else {
      var e = edges.get(id);
      if (visibleEdges.has(id)) { highlightSet([e.from, e.to], [id], null); network.selectEdges([id]); }
    }
    api.details = { kind: kind, id: id };
    return true;
  }

  function closeDetails() {
    if (details.hidden) return;
    details.hidden = true;
    detailsBody.replaceChildren();
    api.details = null;
    resize();
  }
  document.getElementById("memokg-details-close").addEventListener("click", function () {
    closeDetails(); clearHighlight(); network.unselectAll();
  });

  network.on("click", function (p) {
    hideTooltip();
    if (p.nodes.length) openDetails("node", p.nodes[0]);
    else if (p.edges.length) openDetails("edge", p.edges[0]);
    else { clearHighlight(); closeDetails(); }
  });

  /* ---------- side panel: legend and filters in one ---------- */

  function checkbox(parent, group, value, text, checked, picture) {
    var row = el("div", null, "memokg-check");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.id = "memokg-" + group + "-" + value.replace(/[^A-Za-z0-9_-]/g, "_");
    box.value = value;
    box.checked = checked;
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
  var typeBox = document.getElementById("memokg-filter-types");
  var relationBox = document.getElementById("memokg-filter-relations");
  var statusBox = document.getElementById("memokg-filter-statuses");
  var nodeCounts = counts(Object.values(nodeInfo), "type"), edgeCounts = counts(Object.values(edgeInfo), "type");
  var statusCounts = counts(Object.values(edgeInfo), "status");
  all.types.forEach(function (t) {
    checkbox(typeBox, "type", t, views.typeLabel(style, { type: t }) + " (" + nodeCounts[t] + ")", true, views.typeSwatch(style, t));
  });
  all.relations.forEach(function (r) {
    checkbox(relationBox, "relation", r, r + " (" + edgeCounts[r] + ")", true, views.relationSwatch(style, r));
  });
  all.statuses.forEach(function (s) {
    var label = (style.statuses[s] || { label: s }).label;
    checkbox(statusBox, "status", s, label + " (" + statusCounts[s] + ")", true, views.statusSwatch(style, s));
  });

  function fillSelect(id, options) {
    var box = document.getElementById(id);
    options.forEach(function (pair) { box.appendChild(new Option(pair[1], pair[0])); });
    return box;
  }
  var countrySelect = fillSelect("memokg-filter-country", data.filters.countries);
  var vendorSelect = fillSelect("memokg-filter-vendor", data.filters.vendors);
  var capabilitySelect = fillSelect("memokg-filter-capability", data.filters.capabilities);
  var weightInput = document.getElementById("memokg-filter-weight");
  var unconnectedBox = document.getElementById("memokg-filter-unconnected");
  document.getElementById("memokg-unconnected-label").textContent = "Show entities without relations (" + unconnected + ")";
  if (!unconnected) unconnectedBox.disabled = true;

  function checkedValues(parent) {
    return Array.from(parent.querySelectorAll("input[type=checkbox]")).filter(function (b) { return b.checked; })
      .map(function (b) { return b.value; });
  }
  function syncControls() {
    [[typeBox, "types"], [relationBox, "relations"], [statusBox, "statuses"]].forEach(function (pair) {
      pair[0].querySelectorAll("input").forEach(function (b) { b.checked = state[pair[1]].indexOf(b.value) >= 0; });
    });
    countrySelect.value = state.country;
    vendorSelect.value = state.vendor;
    capabilitySelect.value = state.capability;
    weightInput.value = String(state.minWeight);
    unconnectedBox.checked = !state.connectedOnly;
  }

  var visibleText = document.getElementById("memokg-visible");
  function showVisibleCounts() {
    var hidden = Object.keys(nodeInfo).length - visibleNodes.size;
    visibleText.textContent = "\u2014 showing " + visibleNodes.size + " entities and " + visibleEdges.size + " relations" +
      (hidden ? "; " + hidden + " hidden" + (state.connectedOnly && unconnected ? " (" + unconnected + " without relations)" : "") : "");
  }

  function applyFilters(changes) {
    var refit = false;
    Object.keys(changes || {}).forEach(function (key) {
      if (!(key in state)) throw new Error("unknown filter " + key);
      if (key === "minWeight") state[key] = Math.max(1, parseInt(changes[key], 10) || 1);
      else if (key === "connectedOnly") { refit = state[key] !== Boolean(changes[key]); state[key] = Boolean(changes[key]); }
      else state[key] = changes[key];
    });
    clearHighlight();
    closeDetails();
    hideTooltip();
    recompute();
    nodesView.refresh();
    edgesView.refresh();
    paintAll();
    if (refit) network.fit();
    syncControls();
    showVisibleCounts();
    renderTable();
    return { nodes: visibleNodes.size, edges: visibleEdges.size };
  }

  function readControls() {
    applyFilters({ types: checkedValues(typeBox), relations: checkedValues(relationBox), statuses: checkedValues(statusBox),
      country: countrySelect.value, vendor: vendorSelect.value, capability: capabilitySelect.value,
      minWeight: weightInput.value, connectedOnly: !unconnectedBox.checked });
  }
  [typeBox, relationBox, statusBox, countrySelect, vendorSelect, capabilitySelect, weightInput, unconnectedBox]
    .forEach(function (c) { c.addEventListener("change", readControls); });
  document.getElementById("memokg-reset").addEventListener("click", function () { applyFilters(freshState()); });

  /* ---------- search ---------- */

  var searchInput = document.getElementById("memokg-search");
  var searchResult = document.getElementById("memokg-search-result");
  var names = document.getElementById("memokg-names"), seenNames = new Set();
  Object.keys(nodeInfo).sort().forEach(function (id) {
    var name = nodeInfo[id].name;
    if (!seenNames.has(name)) { seenNames.add(name); names.appendChild(new Option(name)); }
  });

  function search(query) {
    var id = select.findNode(query, nodeInfo);
    if (id === null) { searchResult.textContent = "No entity matches."; return null; }
    if (!visibleNodes.has(id)) {
      // show what was asked for: its type, and entities without relations when it is one of them
      var types = state.types.indexOf(nodeInfo[id].type) < 0 ? state.types.concat([nodeInfo[id].type]) : state.types;
      applyFilters({ types: types, connectedOnly: state.connectedOnly && edgesByNode[id].length > 0 });
    }
    if (!visibleNodes.has(id)) {
      searchResult.textContent = nodeInfo[id].name + " is hidden by the current filters.";
      openDetails("node", id);
      return id;
    }
    setView("graph");
    searchResult.textContent = "Found: " + nodeInfo[id].name;
    openDetails("node", id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    return id;
  }
  searchInput.addEventListener("change", function () { search(searchInput.value); });
  searchInput.addEventListener("keydown", function (ev) { if (ev.key === "Enter") search(searchInput.value); });

  /* ---------- table views and CSV ---------- */

  var tableWrap = document.getElementById("memokg-table-wrap");
  var tabs = { graph: "memokg-tab-graph", relations: "memokg-tab-relations", matrix: "memokg-tab-matrix" };
  var sort = { key: "weight", direction: -1 };
  var table = window.memokgTable;

  function visibleRows() { return table.relationRows(Array.from(visibleEdges).sort(), ctx); }

  function renderTable() {
    if (api.view === "graph") return;
    var rows = visibleRows(), content;
    if (api.view === "relations") {
      content = table.relationsTable(rows, sort, function (key) {
        sort = { key: key, direction: sort.key === key ? -sort.direction : (key === "weight" || key === "evidence" ? -1 : 1) };
        renderTable();
      }, function (id) { openDetails("edge", id); });
    } else {
      var m = table.matrix(rows);
      content = m.vendors.length ? table.matrixTable(m, function (id) { openDetails("edge", id); })
        : el("p", "No SUPPLIES relation among the relations the filters keep.", "memokg-hint");
    }
    var caption = el("p", rows.length + " relations kept by the filters" +
      (api.view === "matrix" ? "; cells count the memos supporting each SUPPLIES relation" : "; click a header to sort"), "memokg-hint");
    tableWrap.replaceChildren(caption, content);
  }

  function setView(view) {
    if (!tabs[view]) throw new Error("unknown view " + view);
    api.view = view;
    Object.keys(tabs).forEach(function (v) { document.getElementById(tabs[v]).setAttribute("aria-pressed", String(v === view)); });
    tableWrap.hidden = view === "graph";
    renderTable();
  }
  Object.keys(tabs).forEach(function (v) { document.getElementById(tabs[v]).addEventListener("click", function () { setView(v); }); });

  function csvNow() {
    var rows = visibleRows();
    if (api.view === "matrix") return { name: "memokg-vendors-countries.csv", text: table.matrixCsv(table.matrix(rows)) };
    return { name: "memokg-relations.csv", text: table.relationsCsv(rows, sort) };
  }
  var downloadLink = document.getElementById("memokg-download-link"), lastUrl = null;
  document.getElementById("memokg-download").addEventListener("click", function () {
    var file = csvNow();
    // a blob: URL made in the page: the file is written by the browser, nothing is fetched
    if (lastUrl) URL.revokeObjectURL(lastUrl);
    lastUrl = URL.createObjectURL(new Blob([file.text], { type: "text/csv;charset=utf-8" }));
    downloadLink.href = lastUrl;
    downloadLink.download = file.name;
    downloadLink.click();
  });

  /* ---------- the page's API, for tests and the console ---------- */

  api.info = function (id) { return nodeInfo[id] || edgeInfo[id] || null; };
  api.visibleNodeIds = function () { return nodesView.getIds().sort(); };
  api.visibleEdgeIds = function () { return edgesView.getIds().sort(); };
  api.labelledNodeIds = function () { return nodes.get({ filter: function (n) { return visibleNodes.has(n.id) && n.label; } }).map(function (n) { return n.id; }).sort(); };
  api.mostConnected = function (n) { return select.byConnections(Array.from(visibleNodes), nodeInfo).slice(0, n); };
  api.unconnectedCount = unconnected;
  api.applyFilters = applyFilters;
  api.resetFilters = function () { return applyFilters(freshState()); };
  api.highlight = highlight;
  api.clearHighlight = clearHighlight;
  api.highlightedNodeIds = function () { return api.highlighted ? api.highlighted.nodes.slice() : []; };
  api.openDetails = openDetails;
  api.closeDetails = closeDetails;
  api.search = search;
  api.setView = setView;
  api.csv = csvNow;
  api.showTooltip = showTooltip;
  api.hideTooltip = hideTooltip;
  api.domPosition = function (id) { return network.canvasToDOM(network.getPosition(id)); };
  api.edgeMidpoint = function (id) {
    var edge = network.body.edges[id];  // vis has no public API for a point on a drawn edge
    return edge ? network.canvasToDOM(edge.edgeType.getPoint(0.5)) : null;
  };
  window.memokg = api;
  api.details = null;
  showVisibleCounts();
})();
