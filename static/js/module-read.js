// Opening a module writes nothing on the server (a GET never does): this records the visit
// with a POST once the page is shown, and a module with nothing to answer is then complete.
// Without JavaScript the "Mark as read" button posts the same form.
(function () {
  "use strict";
  var form = document.querySelector("form.js-module-read");
  if (!form || !window.fetch) return;
  fetch(form.action, {
    method: "POST",
    body: new FormData(form),
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  })
    .then(function (response) {
      return response.ok ? response.json() : null;
    })
    .then(function (data) {
      if (!data || !data.ok) return;
      window.attuneShowProgress(data);
      if (data.module_done) {
        var button = form.querySelector("button");
        if (button) button.remove();
      }
    })
    .catch(function () {});
})();
