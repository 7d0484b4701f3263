// Sharing an activity, for browsers with JavaScript: a button that copies the page's address
// (shown without JavaScript in a field, to select and copy by hand) and, on phones, a button
// that opens the system's own list of apps to share with. Nothing is loaded from elsewhere.
(function () {
  "use strict";

  var field = document.getElementById("partage-adresse");
  var copy = document.getElementById("partage-copier");
  var status = document.getElementById("partage-statut");
  if (!field || !copy || !status) {
    return;
  }

  function say(text) {
    // Emptied first, so that the same words are announced again after another click.
    status.textContent = "";
    window.requestAnimationFrame(function () { status.textContent = text; });
  }

  function select() {
    field.focus();
    field.select();
    say(copy.dataset.select);
  }

  copy.hidden = false;
  copy.addEventListener("click", function () {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () { say(copy.dataset.done); }, select);
    } else {
      select();
    }
  });
  field.addEventListener("focus", function () { field.select(); });

  var more = document.getElementById("partage-autre");
  if (more && navigator.share) {
    more.parentElement.hidden = false;
    more.addEventListener("click", function () {
      navigator.share({ title: more.dataset.title, url: field.value }).catch(function () { /* closed */ });
    });
  }
})();
