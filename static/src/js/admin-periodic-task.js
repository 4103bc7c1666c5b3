// The admin's periodic task form: says in words when the chosen crontab
// schedule runs, under the schedule's own help text.
//
// django-celery-beat does this with an inline <script>, which the site's
// Content Security Policy blocks; templates/admin/djcelery/
// change_periodictask_form.html loads this file instead. The schedules'
// descriptions come from a JSON data block (Django's json_script).
(function () {
  "use strict";

  var data = document.getElementById("readable-crontabs");
  var select = document.getElementById("id_crontab");
  if (!data || !select) {
    return;
  }
  var descriptions = JSON.parse(data.textContent);

  // The read-only copy of the description is not needed beside the live one.
  var copy = document.querySelector(".field-crontab_translation");
  if (copy) {
    copy.style.display = "none";
  }

  var help = document.querySelector(".field-crontab .help");
  if (!help) {
    return;
  }
  var description = document.createElement("div");
  help.appendChild(description);

  function describe() {
    var words = descriptions[select.value];
    description.textContent = words ? "Translation: " + words : "";
  }

  select.addEventListener("change", describe);
  describe();
})();
