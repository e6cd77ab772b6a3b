// Progressive enhancement only: without it the new-password field works the same.
// Under the field, as the person types: how many characters, and whether that is enough.
(function () {
  'use strict';

  // The server counts Unicode code points after NFC normalisation; so does this.
  function lengthOf(text) {
    return Array.from(text.normalize ? text.normalize('NFC') : text).length;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  function enhance(box) {
    var name = box.getAttribute('data-password-for');
    var input = document.getElementById(name);
    var shown = document.getElementById(name + '-count');
    var spoken = document.getElementById(name + '-count-live');
    if (!input || !shown || !spoken) return;
    var min = Number(box.getAttribute('data-min'));
    var max = Number(box.getAttribute('data-max'));
    var timer;

    function update() {
      var count = lengthOf(input.value);
      var state = count > max ? 'too-long' : count >= min ? 'enough' : 'short';
      var text = fill(box.getAttribute('data-' + state), { count: count, min: min, max: max });
      shown.textContent = text;
      shown.className = 'portal-password-count portal-password-count--' + state;
      // The visible count is for the eyes; the live region below speaks it.
      shown.setAttribute('aria-hidden', 'true');
      shown.hidden = false;
      // A screen reader hears the count once typing pauses, not after every key.
      clearTimeout(timer);
      timer = setTimeout(function () {
        spoken.textContent = text;
      }, 800);
    }

    input.addEventListener('input', update);
    // A password manager may have filled the field before this ran.
    if (input.value) update();
  }

  document.addEventListener('DOMContentLoaded', function () {
    var boxes = document.querySelectorAll('[data-password-for]');
    for (var i = 0; i < boxes.length; i++) enhance(boxes[i]);
  });
})();
