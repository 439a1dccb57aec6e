/* memokg graph page: the relations the filters keep as a sortable table, as a vendor x country matrix
 * (SUPPLIES, memos per cell) and as CSV text for download. Pure builders; app.js owns state and events. */
window.memokgTable = (function () {
  "use strict";

  var el = window.memokgViews.el;
  var COLUMNS = [
    ["source", "From", "text"], ["type", "Relation", "text"], ["target", "To", "text"], ["status", "Status", "text"],
    ["weight", "Memos", "num"], ["first_date", "First", "date"], ["last_date", "Last", "date"],
    ["capabilities", "Capabilities", "text"], ["evidence", "Sentences", "num"]
  ];

  /* one plain row per visible relation */
  function relationRows(edgeIds, ctx) {
    return edgeIds.map(function (id) {
      var e = ctx.edges.get(id), info = ctx.edgeInfo[id];
      return {
        id: id, source_id: e.from, target_id: e.to, source: ctx.nodeInfo[e.from].name, type: info.type,
        target: ctx.nodeInfo[e.to].name, status: info.status, statuses: info.statuses.join("; "), weight: info.weight,
        first_date: info.first_date, last_date: info.last_date,
        capabilities: (info.capability_names.length ? info.capability_names : info.capabilities).join("; "),
        evidence: info.evidence_total, memos: info.memos.join("; "),
        sentence: info.evidence.length ? info.evidence[0].sentence : ""
      };
    });
  }

  function compare(key, kind, direction) {
    return function (a, b) {
      var x = a[key], y = b[key];
      var order = kind === "num" ? x - y : String(x).localeCompare(String(y));
      return direction * order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    };
  }

  function sortRows(rows, sort) {
    var column = COLUMNS.filter(function (c) { return c[0] === sort.key; })[0] || COLUMNS[4];
    return rows.slice().sort(compare(column[0], column[2], sort.direction));
  }

  function relationsTable(rows, sort, onSort, onRow) {
    var table = el("table", null, "memokg-relations");
    var head = el("tr");
    COLUMNS.forEach(function (c) {
      var th = el("th", c[1]);
      th.dataset.key = c[0];
      if (sort.key === c[0]) th.setAttribute("aria-sort", sort.direction > 0 ? "ascending" : "descending");
      th.addEventListener("click", function () { onSort(c[0]); });
      head.appendChild(th);
    });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    sortRows(rows, sort).forEach(function (row) {
      var tr = el("tr");
      tr.dataset.id = row.id;
      COLUMNS.forEach(function (c) { tr.appendChild(el("td", row[c[0]], c[2] === "text" ? "" : "memokg-" + c[2])); });
      tr.addEventListener("click", function () { onRow(row.id); });
      body.appendChild(tr);
    });
    return table;
  }

  /* vendors (rows) x countries (columns): memos supporting each SUPPLIES relation */
  function matrix(rows) {
    var cells = {}, vendors = {}, countries = {};
    rows.forEach(function (r) {
      if (r.type !== "SUPPLIES") return;
      cells[r.source_id + "\u0000" + r.target_id] = r;
      vendors[r.source_id] = vendors[r.source_id] || { id: r.source_id, name: r.source, total: 0 };
      countries[r.target_id] = countries[r.target_id] || { id: r.target_id, name: r.target, total: 0 };
      vendors[r.source_id].total += r.weight;
      countries[r.target_id].total += r.weight;
    });
    var rank = function (a, b) { return (b.total - a.total) || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1); };
    return { cells: cells, vendors: Object.values(vendors).sort(rank), countries: Object.values(countries).sort(rank) };
  }

  function matrixTable(m, onCell) {
    var table = el("table", null, "memokg-matrix");
    var head = el("tr");
    head.appendChild(el("th", "Vendor"));
    m.countries.forEach(function (c) { head.appendChild(el("th", c.name)); });
    head.appendChild(el("th", "Total"));
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    m.vendors.forEach(function (v) {
      var tr = el("tr");
      tr.appendChild(el("th", v.name));
      m.countries.forEach(function (c) {
        var cell = m.cells[v.id + "\u0000" + c.id];
        var td = el("td", cell ? cell.weight : "\u00b7", cell ? "memokg-num" : "memokg-cell-empty");
        if (cell) {
          td.dataset.id = cell.id;
          td.title = cell.status;
          td.addEventListener("click", function () { onCell(cell.id); });
        }
        tr.appendChild(td);
      });
      tr.appendChild(el("td", v.total, "memokg-num"));
      body.appendChild(tr);
    });
    return table;
  }

  /* a CSV field; text a spreadsheet would run as a formula (memo text is hostile) gets a leading quote */
  function field(value) {
    var text = value === null || value === undefined ? "" : String(value);
    if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csv(header, lines) {
    return [header].concat(lines).map(function (line) { return line.map(field).join(","); }).join("\r\n") + "\r\n";
  }

  var CSV_KEYS = ["source_id", "source", "type", "target_id", "target", "status", "statuses", "weight", "first_date",
    "last_date", "capabilities", "evidence", "memos", "sentence"];

  function relationsCsv(rows, sort) {
    return csv(CSV_KEYS, sortRows(rows, sort).map(function (r) { return CSV_KEYS.map(function (k) { return r[k]; }); }));
  }

  function matrixCsv(m) {
    var header = ["vendor_id", "vendor"].concat(m.countries.map(function (c) { return c.name + " (" + c.id + ")"; }));
    return csv(header.concat(["total"]), m.vendors.map(function (v) {
      return [v.id, v.name].concat(m.countries.map(function (c) {
        var cell = m.cells[v.id + "\u0000" + c.id];
        return cell ? cell.weight : 0;
      })).concat([v.total]);
    }));
  }

  return {
    relationRows: relationRows, relationsTable: relationsTable, matrix: matrix, matrixTable: matrixTable,
    relationsCsv: relationsCsv, matrixCsv: matrixCsv
  };
})();
