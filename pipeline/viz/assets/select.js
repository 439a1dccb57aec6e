/* memokg graph page: which nodes and edges the side-panel filters keep, and search matching.
 * Pure functions over the page data; app.js owns the state and the vis-network views. */
window.memokgSelect = (function () {
  "use strict";

  function edgeTouchesCountry(e, iso3, nodeInfo) {
    var a = nodeInfo[e.from], b = nodeInfo[e.to];
    return (a.type === "COUNTRY" && a.iso3 === iso3) || (b.type === "COUNTRY" && b.iso3 === iso3) ||
      a.country === iso3 || b.country === iso3;
  }

  function edgePasses(e, info, state, types, statuses, relations, nodeInfo) {
    if (!types.has(nodeInfo[e.from].type) || !types.has(nodeInfo[e.to].type)) return false;
    if (!statuses.has(info.status) || !relations.has(info.type)) return false;
    if (info.weight < state.minWeight) return false;
    if (state.country && !edgeTouchesCountry(e, state.country, nodeInfo)) return false;
    if (state.vendor && e.from !== state.vendor && e.to !== state.vendor) return false;
    if (state.capability && e.from !== state.capability && e.to !== state.capability &&
        info.capabilities.indexOf(state.capability) < 0) return false;
    return true;
  }

  /* the entity a country/vendor/capability filter is about stays visible even with no relation left */
  function isAnchor(id, info, state) {
    return id === state.vendor || id === state.capability ||
      Boolean(state.country && info.type === "COUNTRY" && info.iso3 === state.country);
  }

  /* {nodes: Set, edges: Set} of the ids the filters keep */
  function visible(state, nodes, edges, nodeInfo, edgeInfo, all) {
    var types = new Set(state.types), statuses = new Set(state.statuses), relations = new Set(state.relations);
    var restricting = Boolean(state.country || state.vendor || state.capability) || state.minWeight > 1 ||
      statuses.size < all.statuses.length || relations.size < all.relations.length || Boolean(state.connectedOnly);
    var keptEdges = new Set(), touched = new Set(), keptNodes = new Set();
    edges.forEach(function (e) {
      if (edgePasses(e, edgeInfo[e.id], state, types, statuses, relations, nodeInfo)) {
        keptEdges.add(e.id);
        touched.add(e.from);
        touched.add(e.to);
      }
    });
    nodes.forEach(function (n) {
      var info = nodeInfo[n.id];
      if (!types.has(info.type)) return;
      if (!restricting || touched.has(n.id) || isAnchor(n.id, info, state)) keptNodes.add(n.id);
    });
    return { nodes: keptNodes, edges: keptEdges };
  }

  function norm(text) { return String(text).replace(/\s+/g, " ").trim().toLowerCase(); }

  /* best node for a search: exact name/alias/id first, then substring; more memos, then id, break ties */
  function findNode(query, nodeInfo) {
    var q = norm(query);
    if (!q) return null;
    var exact = [], partial = [];
    Object.keys(nodeInfo).forEach(function (id) {
      var info = nodeInfo[id];
      var words = [info.name].concat(info.aliases).map(norm);
      if (words.indexOf(q) >= 0 || norm(id) === q) exact.push(id);
      else if (words.some(function (w) { return w.indexOf(q) >= 0; })) partial.push(id);
    });
    var rank = function (a, b) {
      return (nodeInfo[b].memo_count - nodeInfo[a].memo_count) || (a < b ? -1 : a > b ? 1 : 0);
    };
    var hits = exact.length ? exact.sort(rank) : partial.sort(rank);
    return hits.length ? hits[0] : null;
  }

  /* node ids, most connected first: relations, then memos, then id (so the order never depends on the browser) */
  function byConnections(ids, nodeInfo) {
    return ids.slice().sort(function (a, b) {
      var x = nodeInfo[a], y = nodeInfo[b];
      return (y.degree - x.degree) || (y.memo_count - x.memo_count) || (a < b ? -1 : a > b ? 1 : 0);
    });
  }

  /* vertical label offsets (vis-network's font.vadjust) so that labels placed in rank order do not cover
   * each other: below the node first, then above, then further out; boxes are estimated in canvas units.
   * The first `keep` labels are always placed; a later one with no free place gets null (not shown). */
  function placeLabels(order, positions, sizes, texts, font, keep) {
    var placed = [], offsets = {}, h = font * 1.25;
    order.forEach(function (id, rank) {
      var p = positions[id];
      if (!p) return;
      var w = (Math.max(1, texts[id].length) * 0.62 + 0.6) * font, r = sizes[id] || 10;
      var tries = [0, -(2 * r + h), h, -(2 * r + 2 * h)];
      var chosen = null;
      for (var t = 0; t < tries.length && chosen === null; t++) {
        var top = p.y + r + tries[t], box = [p.x - w / 2, top, p.x + w / 2, top + h];
        if (placed.every(function (b) { return box[2] < b[0] || b[2] < box[0] || box[3] < b[1] || b[3] < box[1]; })) {
          chosen = tries[t];
        }
      }
      if (chosen === null && rank >= keep) { offsets[id] = null; return; }
      chosen = chosen === null ? 0 : chosen;
      placed.push([p.x - w / 2, p.y + r + chosen, p.x + w / 2, p.y + r + chosen + h]);
      offsets[id] = Math.round(chosen);
    });
    return offsets;
  }

  return { visible: visible, findNode: findNode, byConnections: byConnections, placeLabels: placeLabels };
})();
