// The larger-text switch of the retirees' pages, remembered on this phone.
(function () {
  "use strict";
  var KEY = "retiree-larger-text";
  var body = document.body;
  var button = document.getElementById("larger-text");
  function apply(on) {
    body.classList.toggle("larger-text", on);
    if (button) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
  }
  var stored = false;
  try { stored = window.localStorage.getItem(KEY) === "1"; } catch (e) { stored = false; }
  apply(stored);
  if (button) {
    button.addEventListener("click", function () {
      var on = !body.classList.contains("larger-text");
      apply(on);
      try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
    });
  }
})();
