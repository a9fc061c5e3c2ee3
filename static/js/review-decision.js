// The phone's sticky "Sign off or return" bar steps aside while the decision itself is in view,
// so it never sits over the page's first screen. Without this script the bar simply stays.
(function () {
  "use strict";
  var decision = document.getElementById("decision");
  var bar = document.getElementById("review-actionbar");
  if (!decision || !bar || !("IntersectionObserver" in window)) return;
  new IntersectionObserver(function (entries) {
    bar.classList.toggle("review-actionbar-aside", entries[0].isIntersecting);
  }).observe(decision);
})();
