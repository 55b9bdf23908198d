// Progressive enhancement: show the upload's progress for forms marked data-upload-progress. Without JavaScript
// the form posts normally.
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var file = form.querySelector("input[type=file]");
      if (!file || !file.files.length || !window.FormData) { return; }
      event.preventDefault();
      var box = form.querySelector(".upload-progress");
      var bar = box && box.querySelector("progress");
      if (box) { box.hidden = false; }
      var data = new FormData(form);
      if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.upload.addEventListener("progress", function (e) {
        if (bar && e.lengthComputable) { bar.value = e.loaded / e.total; }
      });
      request.addEventListener("load", function () { window.location.assign(request.responseURL || form.action); });
      request.addEventListener("error", function () { form.submit(); });
      request.send(data);
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    });
  });
})();
