// Autosaves reflection answers a moment after the trainee stops typing. The forms also work
// without JavaScript (the Save button posts them), so this only adds convenience.
(function () {
  "use strict";
  var DELAY = 1200;

  function save(form, status) {
    var body = new FormData(form);
    status.textContent = "Saving…";
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok || !data.ok) throw new Error(data.error || "Could not save.");
          status.textContent = "Saved.";
          window.attuneShowProgress(data);
        });
      })
      .catch(function (error) {
        status.textContent = (error && error.message) || "Could not save. Use the Save button.";
      });
  }

  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var field = form.querySelector("textarea");
    var status = form.querySelector(".js-reflection-status");
    var timer = null;
    if (!field || !status) return;
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      status.textContent = "Not saved yet";
      timer = window.setTimeout(function () {
        save(form, status);
      }, DELAY);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      save(form, status);
    });
  });
})();
