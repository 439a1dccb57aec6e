/* memokg graph page: DOM builders for tooltips and the legend, with no state of their own.
 * Memo text is hostile: it only ever reaches the DOM through textContent, never innerHTML. */
window.memokgViews = (function () {
  "use strict";

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function addField(dl, name, value) {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return;
    dl.appendChild(el("dt", name));
    dl.appendChild(el("dd", Array.isArray(value) ? value.join(", ") : value));
  }

  function countNote(shown, total) {
    return total > shown ? " \u2026 and " + (total - shown) + " more" : "";
  }

  function nodeTooltip(id, info, style) {
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

  function edgeTooltip(info, fromName, toName, style) {
    var box = el("div", null, "memokg-tip memokg-tip-edge");
    var verb = (style.edge_types[info.type] || style.unknown_edge_type).label;
    box.appendChild(el("h3", fromName + " \u2192 " + verb + " \u2192 " + toName));
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

  /* legend swatches are inline SVG: no images, nothing to load */
  var SVG = "http://www.w3.org/2000/svg";
  var SHAPES = {
    dot: ["circle", { cx: 9, cy: 9, r: 7 }],
    diamond: ["polygon", { points: "9,1 17,9 9,17 1,9" }],
    triangle: ["polygon", { points: "9,1 17,16 1,16" }],
    star: ["polygon", { points: "9,1 11.4,6.6 17,7 12.7,10.8 14,16.5 9,13.4 4,16.5 5.3,10.8 1,7 6.6,6.6" }],
    square: ["rect", { x: 2, y: 2, width: 14, height: 14 }]
  };

  function swatch(width, shape, attrs) {
    var root = document.createElementNS(SVG, "svg");
    root.setAttribute("width", String(width));
    root.setAttribute("height", "18");
    var part = document.createElementNS(SVG, shape[0]);
    var all = Object.assign({}, shape[1], attrs);
    Object.keys(all).forEach(function (k) { part.setAttribute(k, String(all[k])); });
    root.appendChild(part);
    return root;
  }

  function legendRow(container, picture, label) {
    var row = el("div", null, "memokg-legend-row");
    row.appendChild(picture);
    row.appendChild(el("span", label));
    container.appendChild(row);
  }

  function legend(container, style, types, statuses) {
    types.forEach(function (t) {
      var look = style.node_types[t] || style.unknown_type;
      legendRow(container, swatch(18, SHAPES[look.shape] || SHAPES.dot, { fill: look.color, stroke: look.border }), look.label);
    });
    statuses.forEach(function (s) {
      var look = style.statuses[s] || style.statuses.reported;
      var attrs = { stroke: look.color || "#444", "stroke-width": 2, "stroke-opacity": look.opacity };
      if (look.dashes) attrs["stroke-dasharray"] = look.dashes.join(" ");
      legendRow(container, swatch(36, ["line", { x1: 1, y1: 9, x2: 35, y2: 9 }], attrs), look.label);
    });
  }

  return { el: el, nodeTooltip: nodeTooltip, edgeTooltip: edgeTooltip, legend: legend };
})();
