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

  return { visible: visible, findNode: findNode, byConnections: byConnections };
})();
