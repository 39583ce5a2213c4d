// Progressive enhancement only: every page works without this file.
// No innerHTML with server data: text goes in through textContent.
"use strict";

(function () {
  // Buttons that only serve browsers without script (e.g. "show the next level").
  document.querySelectorAll("[data-no-script-only]").forEach(function (el) { el.remove(); });

  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
  }

  // Place picker: choosing a level loads the next one without a page reload.
  document.querySelectorAll("[data-place-picker]").forEach(function (picker) {
    var selects = Array.prototype.slice.call(picker.querySelectorAll("select[data-level]"));
    var latest = 0; // answers to older choices are dropped, so a slow reply cannot mix provinces
    selects.forEach(function (select, index) {
      select.addEventListener("change", function () {
        var ticket = ++latest;
        var below = selects.slice(index + 1);
        below.forEach(function (s) {
          while (s.options.length > 1) { s.remove(1); }
          s.disabled = true;
        });
        var next = below[0];
        if (!next || !select.value) { return; }
        next.setAttribute("aria-busy", "true");
        var parent = select.value;
        getJson("/places/children?parent=" + encodeURIComponent(parent)).then(function (options) {
          if (ticket !== latest || select.value !== parent) { return; }
          options.forEach(function (o) {
            var option = document.createElement("option");
            option.value = o.code;
            option.textContent = o.label;
            next.appendChild(option);
          });
          next.disabled = false;
          next.removeAttribute("aria-busy");
        }).catch(function () { next.removeAttribute("aria-busy"); });
      });
    });
  });

  // Parts of a form that only matter for one choice of a select, e.g. the receiving
  // organisation for a referral consent: `data-shown-for="SELECT-ID=VALUE"`.
  document.querySelectorAll("[data-shown-for]").forEach(function (part) {
    var rule = part.getAttribute("data-shown-for").split("=");
    var select = document.getElementById(rule[0]);
    if (!select) { return; }
    var update = function () { part.hidden = select.value !== rule[1]; };
    select.addEventListener("change", update);
    update();
  });

  // Search as you type over Khmer and Latin names.
  document.querySelectorAll("[data-place-search]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var empty = document.getElementById("place-no-results");
    var latest = 0;
    var run = debounce(function () {
      var q = input.value.trim();
      var ticket = ++latest;
      if (!q) { list.textContent = ""; return; }
      getJson("/places/search?q=" + encodeURIComponent(q)).then(function (hits) {
        if (ticket !== latest) { return; }
        list.textContent = "";
        if (empty) { empty.hidden = true; }
        hits.forEach(function (h) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = h.href;
          var strong = document.createElement("strong");
          strong.textContent = h.label;
          var path = document.createElement("span");
          path.className = "muted";
          path.textContent = h.path;
          a.appendChild(strong);
          a.appendChild(document.createTextNode(" "));
          a.appendChild(path);
          li.appendChild(a);
          list.appendChild(li);
        });
      }).catch(function () { /* the form still submits without script */ });
    }, 150);
    input.addEventListener("input", run);
  });
})();
