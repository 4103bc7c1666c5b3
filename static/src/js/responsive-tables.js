// Tables that read well on a phone: below the tablet breakpoint each row of a
// data table becomes a small block, its cells stacked, each cell labelled with
// its column's heading (the pattern of HMRC's and the MOJ's responsive tables).
//
// This script gives every cell of a `.govuk-table` that has a header row a
// `data-label` naming its column, and marks the table `app-table--stacked`;
// the CSS (_tables.scss) does the rest, only on narrow screens. Because CSS
// `display: block` on table parts makes some browsers forget that they are a
// table, the explicit ARIA table roles are set too. Without JavaScript the
// table keeps its normal layout and scrolls sideways in its own box.
(function () {
  "use strict";

  function headings(table) {
    var row = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!row) {
      return null;
    }
    var labels = [];
    for (var i = 0; i < row.cells.length; i++) {
      var span = row.cells[i].colSpan || 1;
      for (var s = 0; s < span; s++) {
        labels.push(row.cells[i].textContent.replace(/\s+/g, " ").trim());
      }
    }
    return labels;
  }

  function stack(table) {
    var labels = headings(table);
    if (!labels || labels.length < 2) {
      return;
    }
    table.setAttribute("role", "table");
    var groups = table.querySelectorAll("thead, tbody, tfoot");
    for (var g = 0; g < groups.length; g++) {
      groups[g].setAttribute("role", "rowgroup");
    }
    for (var r = 0; r < table.rows.length; r++) {
      var row = table.rows[r];
      row.setAttribute("role", "row");
      var column = 0;
      for (var c = 0; c < row.cells.length; c++) {
        var cell = row.cells[c];
        var inHead = row.parentNode === table.tHead;
        if (inHead) {
          cell.setAttribute("role", "columnheader");
        } else if (cell.tagName === "TH") {
          cell.setAttribute("role", "rowheader");
        } else {
          cell.setAttribute("role", "cell");
        }
        if (!inHead && labels[column]) {
          cell.setAttribute("data-label", labels[column]);
        }
        column += cell.colSpan || 1;
      }
    }
    table.classList.add("app-table--stacked");
  }

  var tables = document.querySelectorAll("table.govuk-table");
  for (var t = 0; t < tables.length; t++) {
    stack(tables[t]);
  }
})();
