// The editor's conveniences; every form works without them. The preview of the page beside
// the form, made again a moment after each change; a warning before leaving unsaved changes.
(function () {
  'use strict';
  var form = document.getElementById('editor');
  if (!form) return;
  var panel = document.getElementById('preview');
  var frame = panel && panel.querySelector('iframe');
  var changed = false;
  var timer = null;
  var running = null;
  function preview() {
    if (!frame) return;
    if (running) running.abort();
    running = new AbortController();
    var data = new FormData(form);
    data.delete('photo');
    data.set('action', 'preview');
    fetch(form.getAttribute('action'), { method: 'POST', body: data, signal: running.signal, credentials: 'same-origin' })
      .then(function (response) { return response.text(); })
      .then(function (html) { frame.srcdoc = html; })
      .catch(function () { /* a newer preview is on its way */ });
  }
  if (panel && frame) {
    panel.hidden = false;
    preview();
  }
  form.addEventListener('input', function () {
    changed = true;
    clearTimeout(timer);
    timer = setTimeout(preview, 600);
  });
  form.addEventListener('submit', function (event) {
    if (!event.submitter || event.submitter.value !== 'preview') changed = false;
  });
  window.addEventListener('beforeunload', function (event) {
    if (changed) { event.preventDefault(); event.returnValue = ''; }
  });
})();
