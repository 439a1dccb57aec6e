/* memokg graph page: the details panel of an entity or a relation, with every evidence sentence it carries
 * and a link to each memo's record file. Built with textContent only; app.js decides when it opens. */
window.memokgDetails = (function () {
  "use strict";

  var views = window.memokgViews;
  var el = views.el;
  var PER_RELATION = 3;  // sentences per relation in an entity's panel; the relation's own panel has them all

  function jump(text, onClick) {
    var button = el("button", text, "memokg-linkish");
    button.type = "button";
    button.addEventListener("click", onClick);
    return button;
  }

  function title(ctx, edge) {
    var info = ctx.edgeInfo[edge.id];
    var line = el("span");
    line.appendChild(jump(ctx.nodeInfo[edge.from].name, function () { ctx.open("node", edge.from); }));
    line.appendChild(document.createTextNode(" \u2192 " + views.verb(ctx.style, info.type) + " \u2192 "));
    line.appendChild(jump(ctx.nodeInfo[edge.to].name, function () { ctx.open("node", edge.to); }));
    return line;
  }

  function memoList(ids, total, memoHref) {
    var list = el("ul", null, "memokg-memos");
    ids.forEach(function (id) {
      var item = el("li", id + " ");
      var link = views.memoLink(memoHref, id);
      if (link) item.appendChild(link);
      list.appendChild(item);
    });
    if (total > ids.length) list.appendChild(el("li", "\u2026 and " + (total - ids.length) + " more", "memokg-more"));
    return list;
  }

  function evidenceBlock(box, info, limit, memoHref) {
    if (!info.evidence.length) { box.appendChild(el("p", "No evidence sentence kept for this relation.", "memokg-hint")); return; }
    box.appendChild(views.evidenceList(info.evidence, limit, memoHref));
    var kept = Math.min(limit, info.evidence.length);
    if (info.evidence_total > kept) box.appendChild(el("div", "\u2026 and " + (info.evidence_total - kept) + " more", "memokg-more"));
  }

  function nodePanel(id, ctx) {
    var info = ctx.nodeInfo[id];
    var box = el("div", null, "memokg-details-node");
    box.dataset.kind = "node";
    box.dataset.id = id;
    box.appendChild(el("h2", info.name));
    box.appendChild(views.nodeFacts(id, info, ctx.style));
    box.appendChild(el("h3", "Memos (" + info.memos_total + ")"));
    box.appendChild(memoList(info.memos, info.memos_total, ctx.memoHref));
    var touching = ctx.edgesOf(id);
    box.appendChild(el("h3", "Relations (" + touching.length + ")"));
    if (!touching.length) box.appendChild(el("p", "No relation in this page.", "memokg-hint"));
    touching.forEach(function (edge) {
      var info = ctx.edgeInfo[edge.id];
      var head = el("h4");
      head.appendChild(title(ctx, edge));
      box.appendChild(head);
      var meta = el("div", info.status + " \u00b7 " + info.weight + " memo" + (info.weight === 1 ? "" : "s") + " \u00b7 ", "memokg-source");
      meta.appendChild(jump("all evidence", function () { ctx.open("edge", edge.id); }));
      if (!ctx.isVisible(edge.id)) meta.appendChild(document.createTextNode(" \u00b7 hidden by the filters"));
      box.appendChild(meta);
      evidenceBlock(box, info, PER_RELATION, ctx.memoHref);
    });
    return box;
  }

  function edgePanel(id, ctx) {
    var edge = ctx.edges.get(id);
    var info = ctx.edgeInfo[id];
    var box = el("div", null, "memokg-details-edge");
    box.dataset.kind = "edge";
    box.dataset.id = id;
    var head = el("h2");
    head.appendChild(title(ctx, edge));
    box.appendChild(head);
    var facts = views.edgeFacts(info);
    views.addField(facts, "relation", info.type);
    box.appendChild(facts);
    box.appendChild(el("h3", "Evidence (" + info.evidence_total + ")"));
    evidenceBlock(box, info, info.evidence.length, ctx.memoHref);
    box.appendChild(el("h3", "Memos (" + info.memos_total + ")"));
    box.appendChild(memoList(info.memos, info.memos_total, ctx.memoHref));
    return box;
  }

  /* fill the panel; returns false when the id is unknown */
  function show(body, kind, id, ctx) {
    var known = kind === "node" ? ctx.nodeInfo[id] : ctx.edgeInfo[id];
    if (!known) return false;
    body.replaceChildren(kind === "node" ? nodePanel(id, ctx) : edgePanel(id, ctx));
    body.scrollTop = 0;
    return true;
  }

  return { show: show };
})();
