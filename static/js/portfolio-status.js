// Keeps the portfolio's state on the readiness page current while it is being prepared: asks
// the status endpoint now and then and swaps in the words the server renders (preparing, ready
// with its download link, or failed). Without script the "check again" link reloads the page.
(function () {
  "use strict";
  var box = document.getElementById("portfolio-status");
  if (!box || box.dataset.status !== "pending" || !window.fetch) return;
  var url = box.dataset.portfolioStatusUrl;
  var delay = 1000;
  var tries = 0;
  var MAX_TRIES = 40; // about five minutes with the delay growing to ten seconds

  function later() {
    tries += 1;
    if (tries > MAX_TRIES) return; // the "check again" link is still there
    window.setTimeout(ask, delay);
    delay = Math.min(delay * 1.5, 10000);
  }

  function ask() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (data.status === "pending") return later();
        box.innerHTML = data.html;
        box.dataset.status = data.status;
      })
      .catch(later);
  }

  later();
})();
