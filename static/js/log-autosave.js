// Saves a draft reflective log a few seconds after the trainee stops typing.
// The server refuses a save from a stale copy (another tab saved first): the text stays
// on screen, autosave stops, and the message says how to keep it.
(function () {
  "use strict";
  var form = document.getElementById("log-form");
  if (!form || !form.dataset.autosaveUrl) return;
  var status = document.getElementById("autosave-status");
  var version = form.querySelector("input[name=version]");
  var timer = null;
  var inFlight = false;
  var stopped = false;
  var dirty = false;
  var pendingSubmitter = null;

  function show(text, isError) {
    status.textContent = text;
    status.classList.toggle("autosave-error", Boolean(isError));
  }

  function save() {
    if (stopped || inFlight || !dirty) return;
    inFlight = true;
    dirty = false;
    var body = new FormData(form);
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, status: response.status, data: data };
        });
      })
      .then(function (result) {
        if (result.ok) {
          version.value = result.data.version;
          show("Draft saved at " + result.data.saved_at + ".");
        } else if (result.status === 409) {
          stopped = true;
          show(result.data.error, true);
        } else {
          dirty = true;
          show(result.data.error || "Not saved yet.", true);
        }
      })
      .catch(function () {
        dirty = true;
        show("Offline: your text is still here and will be saved when the connection returns.", true);
      })
      .finally(function () {
        inFlight = false;
        if (pendingSubmitter) {
          // A button was pressed while saving: send the form now, with the new version.
          var submitter = pendingSubmitter;
          pendingSubmitter = null;
          stopped = true;
          form.requestSubmit(submitter);
        }
      });
  }

  function schedule() {
    dirty = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 2000);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    if (inFlight && !stopped) {
      event.preventDefault();
      pendingSubmitter = event.submitter || form.querySelector("button[name=save]");
      return;
    }
    stopped = true;
  });
  window.addEventListener("online", save);
})();
