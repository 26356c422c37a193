/* Excel import: a progress bar while the file uploads, then progress of the import itself.
   Without JavaScript both forms still work as plain posts. */
(function () {
  "use strict";

  function showUploadProgress(form) {
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type=file]");
      if (!window.FormData || !input || !input.files.length) { return; }
      event.preventDefault();
      var bar = form.querySelector("[data-progress]");
      var inner = bar.querySelector(".progress-bar");
      var uploading = form.querySelector("[data-progress-text]");
      var checking = form.querySelector("[data-checking-text]");
      var button = form.querySelector("button[type=submit]");
      bar.classList.remove("d-none");
      uploading.classList.remove("d-none");
      button.disabled = true;
      var request = new XMLHttpRequest();
      request.open("POST", form.action || window.location.href);
      request.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) { return; }
        var percent = Math.round((e.loaded / e.total) * 100);
        inner.style.width = percent + "%";
        bar.setAttribute("aria-valuenow", String(percent));
      });
      request.upload.addEventListener("load", function () {
        uploading.classList.add("d-none");
        checking.classList.remove("d-none");
        inner.classList.add("progress-bar-striped", "progress-bar-animated");
      });
      request.addEventListener("load", function () {
        // The answer is the whole preview page: show it as a normal navigation would.
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.addEventListener("error", function () {
        button.disabled = false;
        form.submit();
      });
      request.send(new FormData(form));
    });
  }

  function showImportProgress(form) {
    form.addEventListener("submit", function () {
      var target = form.querySelector("[data-import-progress]");
      var url = form.dataset.statusUrl;
      form.querySelector("button[type=submit]").disabled = true;
      // The post itself runs the import (or queues it); meanwhile ask how far it got.
      window.setInterval(function () {
        fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : ""; })
          .then(function (html) { if (html) { target.innerHTML = html; } })
          .catch(function () { /* the page is leaving */ });
      }, 1500);
    });
  }

  document.querySelectorAll("form[data-upload-progress]").forEach(showUploadProgress);
  document.querySelectorAll("form[data-import-confirm]").forEach(showImportProgress);
})();
