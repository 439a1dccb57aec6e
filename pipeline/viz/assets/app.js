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

  /* ---------- painting: labels, fading, sizes (labels.js) ---------- */

  var hovered = null, keep = null, paintQueued = false;
  var painter = window.memokgLabels.painter({ network: network, nodes: nodes, nodeInfo: nodeInfo, look: look,
    fullLabel: fullLabel, style: style, visible: function (id) { return visibleNodes.has(id); },
    top: function (id) { return top.has(id); }, kept: function () { return keep; }, hovered: function () { return hovered; } });
  var paint = painter.paint, paintAll = painter.paintAll;
  paintAll();

  network.on("afterDrawing", function () {
    // zooming, fitting and stabilising all change the scale: repaint the labels for it on the next frame
    if (!painter.current()) {
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

  /* ---------- side panel: legend and filters in one (controls.js) ---------- */

  var controls = window.memokgControls.build(data, style, nodeInfo, edgeInfo, all, unconnected, function () {
    applyFilters(controls.read());
  });

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
    controls.sync(state);
    showVisibleCounts();
    renderTable();
    return { nodes: visibleNodes.size, edges: visibleEdges.size };
  }

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

  /* ---------- table views and CSV (tabs.js, table.js) ---------- */

  var tabs = window.memokgTabs.mount(function () {
    return window.memokgTable.relationRows(Array.from(visibleEdges).sort(), ctx);
  }, function (id) { openDetails("edge", id); }, function (view) { api.view = view; });
  function renderTable() { tabs.render(); }
  function setView(view) { tabs.setView(view); }

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
  api.csv = tabs.csv;
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
