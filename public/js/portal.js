// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  // Show a conditional field only while the answer it depends on has one of the given values.
  function valuesOf(form, name) {
    var chosen = [];
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if ((input.type === 'radio' || input.type === 'checkbox') && !input.checked) continue;
      chosen.push(input.value);
    }
    return chosen;
  }

  function updateConditionals(form) {
    var conditionals = form.querySelectorAll('[data-show-if-name]');
    for (var i = 0; i < conditionals.length; i++) {
      var element = conditionals[i];
      var wanted = element.getAttribute('data-show-if-values').split(' ');
      var chosen = valuesOf(form, element.getAttribute('data-show-if-name'));
      element.hidden = !chosen.some(function (value) {
        return wanted.indexOf(value) !== -1;
      });
    }
  }

  function enhanceForms() {
    var forms = document.querySelectorAll('form.portal-form');
    for (var i = 0; i < forms.length; i++) {
      (function (form) {
        updateConditionals(form);
        form.addEventListener('change', function () {
          updateConditionals(form);
        });
      })(forms[i]);
    }
  }

  // Under a text area, as the person types: how many characters of how many allowed (the same
  // pattern as the new-password field). Without this the limit is said there in words.
  function groupDigits(number) {
    return String(number).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  function enhanceCount(shown) {
    var input = document.getElementById(shown.getAttribute('data-count-for'));
    var spoken = document.getElementById(shown.id + '-live');
    if (!input || !spoken) return;
    var max = Number(shown.getAttribute('data-max'));
    var timer;

    function update() {
      // The server counts line breaks as one character each, as the browser shows them.
      var count = input.value.length;
      var over = count > max;
      var text = fill(shown.getAttribute(over ? 'data-too-long' : 'data-typed'), {
        count: groupDigits(count),
        max: groupDigits(max),
      });
      shown.textContent = text;
      shown.className = 'portal-text-count' + (over ? ' portal-text-count--over' : '');
      shown.hidden = false;
      // A screen reader hears the count once typing pauses, and only near the limit: a long
      // text would otherwise be interrupted again and again.
      clearTimeout(timer);
      timer = setTimeout(function () {
        spoken.textContent = count >= max * 0.9 ? text : '';
      }, 800);
    }

    input.addEventListener('input', update);
    // A text typed before (kept after an error) is counted at once; an empty box keeps the limit.
    if (input.value) update();
  }

  function enhanceCounts() {
    var counts = document.querySelectorAll('[data-count-for]');
    for (var i = 0; i < counts.length; i++) enhanceCount(counts[i]);
  }

  // Warn five minutes before the idle timeout; "I need more time" renews the session in place.
  function timeoutWarning() {
    var warning = document.getElementById('timeout-warning');
    if (!warning) return;
    var idleMs = Number(warning.getAttribute('data-idle-minutes')) * 60000;
    var timer;
    function arm() {
      clearTimeout(timer);
      warning.hidden = true;
      timer = setTimeout(
        function () {
          warning.hidden = false;
        },
        Math.max(idleMs - 5 * 60000, 60000),
      );
    }
    var link = document.getElementById('keep-alive');
    link.addEventListener('click', function (event) {
      event.preventDefault();
      fetch(link.getAttribute('href'), {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      })
        .then(function (response) {
          if (response.ok) arm();
          else window.location.href = link.getAttribute('href');
        })
        .catch(function () {
          window.location.href = link.getAttribute('href');
        });
    });
    arm();
  }

  document.addEventListener('DOMContentLoaded', function () {
    enhanceForms();
    enhanceCounts();
    timeoutWarning();
  });
})();
