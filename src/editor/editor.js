// The editor's conveniences; every form works without them. The preview of the page beside
// the form, made again a moment after each change; a warning before leaving unsaved changes.
(function () {
  'use strict';
  var form = document.getElementById('editor');
  // Never inside the preview's frame: the editor runs once, in its own page.
  if (!form || window.top !== window) return;
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
      // A refusal (an ended session) is a page of the editor, not a preview: keep the last one.
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      // A document written in a frame resolves a rooted <base> against nothing: Chromium
      // then fetches pictures from the wrong place. The editor's own origin makes it whole.
      .then(function (html) { frame.srcdoc = html.replace('<base href="/', '<base href="' + location.origin + '/'); })
      .catch(function () { /* a newer preview is on its way, or none can be made now */ });
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

// Publishing: the form is posted in the background while the page asks, every moment, how
// far the sending is; the answer then replaces the page's content. Without JavaScript the
// form's POST answers when the publication is done.
(function () {
  'use strict';
  if (!window.fetch || !window.DOMParser) return;
  function bind() {
    var form = document.getElementById('publish');
    if (!form) return;
    var box = document.getElementById('publish-progress');
    var bar = box.querySelector('progress');
    var line = box.querySelector('p');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      form.querySelector('button').disabled = true;
      box.hidden = false;
      var action = form.getAttribute('action');
      var poll = setInterval(function () {
        fetch(action + '/progress', { credentials: 'same-origin' })
          .then(function (response) { return response.json(); })
          .then(function (now) {
            if (now.text) line.textContent = now.text;
            if (now.total) { bar.max = now.total; bar.value = now.done; }
          })
          .catch(function () { /* the next question may be answered */ });
      }, 700);
      fetch(action, { method: 'POST', body: new FormData(form), credentials: 'same-origin' })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, 'text/html');
          var main = document.getElementById('main');
          var next = page.getElementById('main');
          if (!next) throw new Error('not a page of the editor');
          document.title = page.title;
          main.innerHTML = next.innerHTML;
          main.focus();
          bind();
        })
        .catch(function () {
          form.querySelector('button').disabled = false;
          line.textContent = '';
        })
        .then(function () { clearInterval(poll); });
    });
  }
  bind();
})();
