// A form that comes back with errors: the summary takes the focus, so that a screen reader reads
// it first and the keyboard starts from its links to the fields (browsers ignore autofocus on it).
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();
