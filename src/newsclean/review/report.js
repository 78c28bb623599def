// Filter the marked edits by step or rule: edits filtered out show as applied, unmarked.
(function () {
  "use strict";
  var buttons = document.querySelectorAll(".filter");
  var rows = document.querySelectorAll("#chart .row");
  function matches(el, filter) {
    if (!filter) return true;
    var kind = filter.slice(0, filter.indexOf(":"));
    var value = filter.slice(filter.indexOf(":") + 1);
    return el.getAttribute("data-" + kind) === value;
  }
  function apply(filter) {
    buttons.forEach(function (b) {
      b.classList.toggle("active", b.getAttribute("data-filter") === filter);
    });
    rows.forEach(function (r) {
      r.classList.toggle("active", !!filter && matches(r, filter));
    });
    document.querySelectorAll(".doc").forEach(function (doc) {
      var shown = 0;
      doc.querySelectorAll(".e").forEach(function (e) {
        var on = matches(e, filter);
        e.classList.toggle("off", !on);
        shown += on ? 1 : 0;
      });
      doc.classList.toggle("hidden", !!filter && shown === 0);
    });
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () { apply(b.getAttribute("data-filter")); });
  });
  rows.forEach(function (r) {
    r.addEventListener("click", function () { apply("rule:" + r.getAttribute("data-rule")); });
  });
})();
