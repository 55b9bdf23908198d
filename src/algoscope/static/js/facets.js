// On a phone the filters come before the results: close every filter that has no value chosen, so that the
// results are a few lines down instead of below every list. Without this script every filter stays open.
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 50rem)").matches) return;
  document.querySelectorAll("details.facet:not([data-selected])").forEach(function (facet) {
    facet.open = false;
  });
})();
