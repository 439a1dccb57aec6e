/* memokg graph page: painting nodes for the current zoom: which labels show, how big, where, and fading.
 * The most connected entities keep a readable label at any zoom, placed so that none covers another;
 * the rest show on hover, in a highlighted neighbourhood, or once zoomed in. */
window.memokgLabels = (function () {
  "use strict";

  var select = window.memokgSelect;

  /* env: network, nodes (DataSet), nodeInfo, look (colours), fullLabel, style, and the page's live state as
   * functions: visible(id), top(id), kept() (the highlighted Set, or null), hovered() */
  function painter(env) {
    var cfg = env.style.labels, faded = env.style.faded, painted = {}, paintedScale = null;

    function paint(ids) {
      var scale = env.network.getScale(), everyLabel = scale >= cfg.zoom_all, updates = [];
      var keep = env.kept(), hovered = env.hovered();
      // the always-on labels keep a readable size on screen however far the view is zoomed out
      var big = Math.round(Math.min(cfg.max_font, Math.max(cfg.font, cfg.screen_px / scale)));
      var shownAt = function (id) { return everyLabel || env.top(id) || id === hovered || (keep !== null && keep.has(id)); };
      var offsets = {};
      if (!everyLabel) {
        // the big labels are few: place them in rank order so that none covers another
        var ranked = select.byConnections(Object.keys(env.nodeInfo).filter(function (id) {
          return env.visible(id) && shownAt(id);
        }), env.nodeInfo);
        var sizes = {};
        ranked.forEach(function (id) { sizes[id] = env.nodes.get(id).size; });
        offsets = select.placeLabels(ranked, env.network.getPositions(ranked), sizes, env.fullLabel, big, cfg.keep);
      }
      ids.forEach(function (id) {
        var fade = keep !== null && !keep.has(id);
        // a crowded label beyond the first cfg.keep waits for zoom or hover
        var shown = shownAt(id) && (offsets[id] !== null || id === hovered);
        var size = shown && !everyLabel ? big : cfg.font, vadjust = offsets[id] || 0;
        var signature = (fade ? "f" : "") + (shown ? "l" : "") + size + "/" + vadjust;
        if (painted[id] === signature) return;
        painted[id] = signature;
        updates.push({ id: id, label: shown ? env.fullLabel[id] : "",
          color: fade ? { background: faded.node, border: faded.border } : env.look[id].color,
          // the always-on labels sit on a light plate: in a dense centre they stay readable over edges
          font: { color: fade ? faded.font : env.look[id].font, size: size, vadjust: vadjust,
            background: shown && !everyLabel && !fade ? cfg.plate : "none" } });
      });
      if (updates.length) env.nodes.update(updates);
      paintedScale = scale;
    }

    return {
      paint: paint,
      paintAll: function () { paint(Object.keys(env.nodeInfo)); },
      /* whether the labels were painted for the scale the view has now */
      current: function () { return Math.abs(env.network.getScale() - paintedScale) <= 0.01 * paintedScale; }
    };
  }

  return { painter: painter };
})();
