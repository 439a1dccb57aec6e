/* memokg graph page: the Graph / Relations table / Vendors x countries views and the CSV download.
 * `mount` wires the tabs; rows() gives the relations the filters keep, openEdge(id) opens a relation's panel. */
window.memokgTabs = (function () {
  "use strict";

  var el = window.memokgViews.el, table = window.memokgTable;
  var TABS = { graph: "memokg-tab-graph", relations: "memokg-tab-relations", matrix: "memokg-tab-matrix" };

  function mount(rows, openEdge, onView) {
    var wrap = document.getElementById("memokg-table-wrap");
    var sort = { key: "weight", direction: -1 }, current = "graph";

    function render() {
      if (current === "graph") return;
      var kept = rows(), content;
      if (current === "relations") {
        content = table.relationsTable(kept, sort, function (key) {
          sort = { key: key, direction: sort.key === key ? -sort.direction : (key === "weight" || key === "evidence" ? -1 : 1) };
          render();
        }, openEdge);
      } else {
        var m = table.matrix(kept);
        content = m.vendors.length ? table.matrixTable(m, openEdge)
          : el("p", "No SUPPLIES relation among the relations the filters keep.", "memokg-hint");
      }
      var caption = el("p", kept.length + " relations kept by the filters" +
        (current === "matrix" ? "; cells count the memos supporting each SUPPLIES relation" : "; click a header to sort"),
        "memokg-hint");
      wrap.replaceChildren(caption, content);
    }

    function setView(view) {
      if (!TABS[view]) throw new Error("unknown view " + view);
      current = view;
      Object.keys(TABS).forEach(function (v) { document.getElementById(TABS[v]).setAttribute("aria-pressed", String(v === view)); });
      wrap.hidden = view === "graph";
      onView(view);
      render();
    }
    Object.keys(TABS).forEach(function (v) { document.getElementById(TABS[v]).addEventListener("click", function () { setView(v); }); });

    /* what "Download CSV" saves: the matrix in the matrix view, else the relations in the table's order */
    function csv() {
      var kept = rows();
      if (current === "matrix") return { name: "memokg-vendors-countries.csv", text: table.matrixCsv(table.matrix(kept)) };
      return { name: "memokg-relations.csv", text: table.relationsCsv(kept, sort) };
    }
    var link = document.getElementById("memokg-download-link"), lastUrl = null;
    document.getElementById("memokg-download").addEventListener("click", function () {
      var file = csv();
      // a blob: URL made in the page: the file is written by the browser, nothing is fetched
      if (lastUrl) URL.revokeObjectURL(lastUrl);
      lastUrl = URL.createObjectURL(new Blob([file.text], { type: "text/csv;charset=utf-8" }));
      link.href = lastUrl;
      link.download = file.name;
      link.click();
    });

    return { render: render, setView: setView, csv: csv };
  }

  return { mount: mount };
})();
