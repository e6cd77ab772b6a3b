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
    timeoutWarning();
  });
})();
