// The review page's behaviour (ours, no library): draw a value's box on its page image,
// show a flag's crop, prefill the correction form.
(function () {
  "use strict";
  function showBox(el) {
    var page = el.getAttribute("data-page");
    var spec = el.getAttribute("data-box");
    document.querySelectorAll(".page .box").forEach(function (b) { b.hidden = true; });
    if (!page) { return; }
    var holder = document.getElementById("page-" + page);
    if (!holder) { return; }
    if (spec) {
      var b = spec.split(",").map(Number);
      var w = Number(holder.getAttribute("data-w")), h = Number(holder.getAttribute("data-h"));
      var box = holder.querySelector(".box");
      box.style.left = (100 * b[0] / w) + "%";
      box.style.top = (100 * b[1] / h) + "%";
      box.style.width = (100 * (b[2] - b[0]) / w) + "%";
      box.style.height = (100 * (b[3] - b[1]) / h) + "%";
      box.hidden = false;
      box.scrollIntoView({block: "center"});
    } else {
      holder.scrollIntoView({block: "start"});
    }
  }
  function select(el) {
    document.querySelectorAll(".selected").forEach(function (s) { s.classList.remove("selected"); });
    el.classList.add("selected");
    showBox(el);
  }
  document.querySelectorAll(".val").forEach(function (el) {
    el.addEventListener("click", function () {
      select(el);
      var path = document.getElementById("field-path");
      if (path) {
        path.value = el.getAttribute("data-path");
        var value = document.getElementById("corrected-value");
        value.value = el.getAttribute("data-parsed") || el.textContent.trim();
        value.focus();
      }
    });
  });
  document.querySelectorAll(".flag").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      var goto = ev.target.closest("[data-goto]");
      if (goto) {
        ev.preventDefault();
        var subject = goto.getAttribute("data-goto");
        var first = null;
        document.querySelectorAll(".val").forEach(function (v) {
          var p = v.getAttribute("data-path");
          var hit = p === subject || p.indexOf(subject + ".") === 0 || p.indexOf(subject + "[") === 0;
          v.classList.toggle("involved", hit);
          if (hit && !first) { first = v; }
        });
        if (first) { first.scrollIntoView({block: "center"}); }
        return;
      }
      select(el);
      var crop = el.querySelector(".crop");
      var url = el.getAttribute("data-crop");
      if (crop && url) {
        var img = crop.querySelector("img");
        if (!img.getAttribute("src")) { img.setAttribute("src", url); }
        crop.hidden = false;
      }
    });
  });
})();
