// Similar questions as the title is typed (the preview button does the same without JS).
(function () {
  var form = document.querySelector("form[data-similar-url]");
  var box = document.getElementById("similar");
  var title = form && form.querySelector("input[name=title]");
  if (!form || !box || !title || !window.fetch) return;
  var timer = null, last = "";
  title.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = title.value.trim();
      if (text.length < 8 || text === last) return;
      last = text;
      fetch(form.dataset.similarUrl + "?title=" + encodeURIComponent(text), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { if (text === last) box.innerHTML = html; })
        .catch(function () {});
    }, 400);
  });
})();
