// Shows a course's progress after a POST answered with it (an autosaved reflection, a module
// read): the progress bars, the "n of m modules complete" text and the module's status line.
(function () {
  "use strict";
  window.attuneShowProgress = function (data) {
    if (typeof data.percent === "number") {
      document.querySelectorAll(".js-course-progress").forEach(function (bar) {
        bar.value = data.percent;
        bar.textContent = data.percent + "%";
      });
    }
    if (data.progress_text) {
      document.querySelectorAll(".js-progress-text").forEach(function (text) {
        text.textContent = data.progress_text;
      });
    }
    var status = document.querySelector(".js-module-status");
    if (status && data.course_done) {
      status.textContent =
        "You have completed this course. Your certificate will be on your dashboard shortly.";
    } else if (status && data.module_done) {
      status.textContent = "You have completed this module.";
    }
  };
})();
