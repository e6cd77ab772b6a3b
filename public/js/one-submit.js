// Progressive enhancement only: a double click sends a form once. The second send would race
// the first, and where the first renews the session id (choosing a municipality, the first
// step, logging in), the browser drops the first answer and the second finds its session gone.
(function () {
  'use strict';

  var WAIT_MS = 4000;
  var sentAt = 0;

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form || form.tagName !== 'FORM') return;
    if (form.method.toLowerCase() !== 'post') return;
    var now = Date.now();
    if (now - sentAt < WAIT_MS) {
      event.preventDefault();
      return;
    }
    sentAt = now;
  });

  // Back to this page from the history: its forms may be sent again.
  window.addEventListener('pageshow', function () {
    sentAt = 0;
  });
})();
