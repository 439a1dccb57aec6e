/* memokg graph page: DOM builders for tooltips, evidence lists and legend swatches, with no state of their own.
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

  function typeLabel(style, info) {
    return (style.node_types[info.type] || style.unknown_type).label;
  }

  function verb(style, type) {
    return (style.edge_types[type] || style.unknown_edge_type).label;
  }

  function countryText(info) {
    return info.country ? (info.country_name ? info.country_name + " (" + info.country + ")" : info.country) : "";
  }

  /* the facts of an entity, shared by the tooltip and the details panel */
  function nodeFacts(id, info, style) {
    var dl = el("dl");
    addField(dl, "type", typeLabel(style, info) + (info.is_vendor ? " (vendor)" : "") + (info.category ? " \u00b7 " + info.category : ""));
    addField(dl, "id", id);
    if (info.iso3) addField(dl, "ISO3", info.iso3);
    if (info.aliases.length) addField(dl, "aliases", info.aliases.join(", ") + countNote(info.aliases.length, info.aliases_total));
    if (info.country) addField(dl, "home country", countryText(info));
    addField(dl, "memos", info.memo_count + (info.mention_count ? " (" + info.mention_count + " mentions)" : ""));
    addField(dl, "relations", info.degree);
    return dl;
  }

  function edgeFacts(info) {
    var dl = el("dl");
    addField(dl, "status", info.status + (info.statuses.length > 1 ? " (seen: " + info.statuses.join(", ") + ")" : ""));
    addField(dl, "capabilities", info.capability_names.length ? info.capability_names : info.capabilities);
    addField(dl, "memos", info.weight);
    if (info.first_date) addField(dl, "dates", info.first_date === info.last_date ? info.first_date : info.first_date + " \u2013 " + info.last_date);
    if (info.confidence !== null) addField(dl, "confidence", info.confidence);
    return dl;
  }

  /* where a sentence comes from: memo reference, section, date, page, status */
  function sourceLine(ev) {
    return [ev.reference || ev.memo_id, ev.section, ev.date, ev.page ? "p. " + ev.page : "", ev.status].filter(Boolean).join(" \u00b7 ");
  }

  /* link to the memo's record file, relative to the page; the id is URL-encoded, so it can only name a file */
  function memoLink(memoHref, memoId) {
    if (!memoHref || !memoId) return null;
    var a = el("a", "memo record", "memokg-memo-link");
    a.setAttribute("href", memoHref + encodeURIComponent(memoId) + ".json");
    a.setAttribute("rel", "noopener noreferrer");
    a.setAttribute("target", "_blank");
    return a;
  }

  function evidenceList(evidence, limit, memoHref) {
    var list = el("ol", null, "memokg-evidence");
    evidence.slice(0, limit).forEach(function (ev) {
      var item = el("li");
      item.appendChild(el("div", ev.sentence, "memokg-sentence"));
      var where = el("div", sourceLine(ev), "memokg-source");
      var link = memoLink(memoHref, ev.memo_id);
      if (link) { where.appendChild(document.createTextNode(" \u00b7 ")); where.appendChild(link); }
      item.appendChild(where);
      list.appendChild(item);
    });
    return list;
  }

  function nodeTooltip(id, info, style) {
    var box = el("div", null, "memokg-tip memokg-tip-node");
    box.appendChild(el("h3", info.name));
    box.appendChild(nodeFacts(id, info, style));
    return box;
  }

  function edgeTooltip(info, fromName, toName, style) {
    var box = el("div", null, "memokg-tip memokg-tip-edge");
    box.appendChild(el("h3", fromName + " \u2192 " + verb(style, info.type) + " \u2192 " + toName));
    box.appendChild(edgeFacts(info));
    var shown = Math.min(3, info.evidence.length);
    if (shown) box.appendChild(evidenceList(info.evidence, shown, ""));
    if (info.evidence_total > shown) {
      box.appendChild(el("div", "\u2026 and " + (info.evidence_total - shown) + " more (click for all)", "memokg-more"));
    }
    return box;
  }

  /* swatches are inline SVG: no images, nothing to load */
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
    root.setAttribute("class", "memokg-swatch");
    var part = document.createElementNS(SVG, shape[0]);
    var all = Object.assign({}, shape[1], attrs);
    Object.keys(all).forEach(function (k) { part.setAttribute(k, String(all[k])); });
    root.appendChild(part);
    return root;
  }

  function typeSwatch(style, type) {
    var look = style.node_types[type] || style.unknown_type;
    return swatch(18, SHAPES[look.shape] || SHAPES.dot, { fill: look.color, stroke: look.border });
  }

  function lineSwatch(color, dashes, opacity) {
    var attrs = { stroke: color, "stroke-width": 3, "stroke-opacity": opacity === undefined ? 1 : opacity };
    if (dashes) attrs["stroke-dasharray"] = dashes.join(" ");
    return swatch(36, ["line", { x1: 1, y1: 9, x2: 35, y2: 9 }], attrs);
  }

  function relationSwatch(style, type) {
    return lineSwatch((style.edge_types[type] || style.unknown_edge_type).color);
  }

  function statusSwatch(style, status) {
    var look = style.statuses[status] || style.statuses.reported;
    return lineSwatch(look.color || "#444", look.dashes, look.opacity);
  }

  return {
    el: el, addField: addField, countNote: countNote, verb: verb, typeLabel: typeLabel, countryText: countryText,
    nodeFacts: nodeFacts, edgeFacts: edgeFacts, sourceLine: sourceLine, memoLink: memoLink, evidenceList: evidenceList,
    nodeTooltip: nodeTooltip, edgeTooltip: edgeTooltip, typeSwatch: typeSwatch, relationSwatch: relationSwatch,
    statusSwatch: statusSwatch
  };
})();
