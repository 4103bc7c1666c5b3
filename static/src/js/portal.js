// Starts GOV.UK Frontend's JavaScript components.
//
// Loaded with `defer` straight after govuk-frontend.js (which defines
// window.GOVUKFrontend). This replaces the inline <script> in GOV.UK Frontend's
// page template, so the site needs no inline JavaScript and can use a strict
// Content Security Policy.
(function () {
  "use strict";

  var body = document.body;
  body.classList.add("js-enabled");

  // Browsers that understand <script type="module"> are the ones GOV.UK
  // Frontend supports; older browsers keep the no-JavaScript experience.
  if (!("noModule" in HTMLScriptElement.prototype)) {
    return;
  }
  body.classList.add("govuk-frontend-supported");

  if (window.GOVUKFrontend && typeof window.GOVUKFrontend.initAll === "function") {
    window.GOVUKFrontend.initAll();
  }
})();
