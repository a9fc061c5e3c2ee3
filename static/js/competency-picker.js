// Progressive enhancement for the grouped competency picker in the module editor: a filter box
// that hides non-matching competencies (and empty domains) and a live count of what is chosen.
// Without this script every domain and checkbox is still shown and works.
(function () {
  "use strict";

  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim();
  }

  function enhance(picker) {
    if (picker.dataset.enhanced) return;
    picker.dataset.enhanced = "true";
    var tools = picker.querySelector("[data-competency-tools]");
    var filter = picker.querySelector("[data-competency-filter]");
    var status = picker.querySelector("[data-competency-status]");
    var none = picker.querySelector("[data-competency-none]");
    var groups = Array.prototype.slice.call(picker.querySelectorAll("[data-competency-group]"));
    var boxes = picker.querySelectorAll('input[type="checkbox"]');
    tools.hidden = false;

    function update() {
      var query = normalise(filter.value);
      var shown = 0;
      var chosen = 0;
      groups.forEach(function (group) {
        var legend = normalise(group.querySelector("legend").textContent);
        var visible = 0;
        var groupChosen = 0;
        group.querySelectorAll("[data-competency-option]").forEach(function (option) {
          var box = option.querySelector("input");
          var label = normalise(option.textContent);
          var match = !query || label.indexOf(query) !== -1 || legend.indexOf(query) !== -1;
          // A chosen competency stays visible, so the filter never hides what will be saved.
          option.hidden = !(match || box.checked);
          if (!option.hidden) visible += 1;
          if (box.checked) groupChosen += 1;
        });
        group.hidden = visible === 0;
        group.querySelector("[data-competency-group-count]").textContent =
          groupChosen ? "(" + groupChosen + " chosen)" : "";
        shown += visible;
        chosen += groupChosen;
      });
      none.hidden = shown !== 0;
      var text = chosen + " of " + boxes.length + " chosen.";
      if (query) text += " " + shown + " shown for \u201c" + filter.value.trim() + "\u201d.";
      status.textContent = text;
    }

    filter.addEventListener("input", update);
    // Enter in the filter must not submit the page form.
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
    picker.addEventListener("change", update);
    update();
  }

  function enhanceAll() {
    document.querySelectorAll("[data-competency-picker]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
