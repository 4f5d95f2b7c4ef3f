// klausel serve: progressive enhancement. The page works without this
// file; with it, "/" focuses the search box, citations get a copy button,
// and typing searches as you go (the URL follows, so back works).
"use strict";
(function () {
  var box = document.getElementById("q");

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
    if (e.key === "/" && !typing && box && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      box.focus();
      box.select();
    }
  });

  function wireCopy(root) {
    root.querySelectorAll("button.copy").forEach(function (b) {
      if (!navigator.clipboard) return;
      b.hidden = false;
      if (b.dataset.wired) return;
      b.dataset.wired = "1";
      var label = b.textContent;
      b.addEventListener("click", function () {
        navigator.clipboard.writeText(b.dataset.copy || "").then(function () {
          b.textContent = b.dataset.copied || "✓";
          setTimeout(function () { b.textContent = label; }, 1500);
        });
      });
    });
  }
  wireCopy(document);

  // Live search on the search and compare pages: fetch the same page for
  // the new URL and swap its results in.
  var form = box && box.form;
  if (!form || !window.fetch || !window.DOMParser) return;
  var timer = null;
  var pending = null;
  function target() {
    var params = new URLSearchParams(new FormData(form));
    return form.getAttribute("action") + "?" + params.toString();
  }
  function swap(url, push) {
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url, { signal: pending.signal, headers: { "Accept": "text/html" } })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector("main");
        var old = document.querySelector("main");
        if (!fresh || !old) return;
        var active = document.activeElement === box;
        var caret = box.selectionStart;
        // Keep the box the user is typing in; replace everything after it.
        var freshForm = fresh.querySelector("form.search");
        while (old.lastChild && old.lastChild !== form && !old.lastChild.contains(form)) old.removeChild(old.lastChild);
        var after = false;
        Array.prototype.slice.call(fresh.childNodes).forEach(function (n) {
          if (n === freshForm || (n.contains && n.contains(freshForm))) { after = true; return; }
          if (after) old.appendChild(document.importNode(n, true));
        });
        document.title = doc.title;
        if (push) history.pushState(null, "", url);
        wireCopy(old);
        if (active) { box.focus(); try { box.setSelectionRange(caret, caret); } catch (e) {} }
      })
      .catch(function () {});
  }
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (box.value.trim() === "") return;
      swap(target(), true);
    }, 250);
  });
  window.addEventListener("popstate", function () { location.reload(); });
})();
