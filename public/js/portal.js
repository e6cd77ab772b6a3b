// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  // Show a conditional field only while the answer it depends on has one of the given values
  // (data-show-if-values), or only while it has none of them (data-hide-if-values).
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

  // A hidden question's controls are disabled, so the browser does not send what was typed in
  // them (the server would ask which of two clashing answers is meant); shown again, they come
  // back as they were. The page as sent may show one with an error about just that: it stays in
  // view until the person changes an answer.
  function setShown(element, shown) {
    element.hidden = !shown;
    var controls = element.querySelectorAll('input, select, textarea, button');
    for (var i = 0; i < controls.length; i++) controls[i].disabled = !shown;
  }

  function updateConditionals(form, firstTime) {
    var conditionals = form.querySelectorAll('[data-show-if-name]');
    for (var i = 0; i < conditionals.length; i++) {
      var element = conditionals[i];
      var unless = element.hasAttribute('data-hide-if-values');
      var wanted = element
        .getAttribute(unless ? 'data-hide-if-values' : 'data-show-if-values')
        .split(' ');
      var chosen = valuesOf(form, element.getAttribute('data-show-if-name'));
      var hasOne = chosen.some(function (value) {
        return wanted.indexOf(value) !== -1;
      });
      // Inside a hidden question (the rows of a hidden group), hidden too: the conditionals come
      // in document order, so an outer one is already decided.
      var outer = element.parentElement && element.parentElement.closest('[data-show-if-name]');
      var shown = (unless ? !hasOne : hasOne) && !(outer && outer.hidden);
      if (firstTime && !shown && element.querySelector('.label__message--error')) continue;
      setShown(element, shown);
    }
  }

  // A personnummer as the server reads it (12 or 10 digits, a dash or a plus, Luhn): the birth
  // date, or null while it cannot be read (the question then stays, as the server shows it).
  function birthDateOf(text) {
    var match = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})$/.exec(text.replace(/\s/g, ''));
    if (!match) return null;
    var digits = match[2] + match[3] + match[4] + match[6];
    var sum = 0;
    for (var i = 0; i < 10; i++) {
      var product = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
      sum += product > 9 ? product - 9 : product;
    }
    if (sum % 10 !== 0) return null;
    var year;
    if (match[1]) {
      year = Number(match[1] + match[2]);
    } else {
      var now = new Date().getFullYear();
      year = Math.floor(now / 100) * 100 + Number(match[2]);
      if (year > now) year -= 100;
      if (match[5] === '+') year -= 100;
    }
    var month = Number(match[3]);
    var day = Number(match[4]) % 60;
    if (month < 1 || month > 12 || day < 1 || day > 31) return null;
    return { year: year, month: month, day: day };
  }

  function ageOn(birth, day) {
    var parts = day.split('-').map(Number);
    var age = parts[0] - birth.year;
    if (parts[1] < birth.month || (parts[1] === birth.month && parts[2] < birth.day)) age--;
    return age;
  }

  // A question for a child under an age (lunch at preschool): hidden once the row's
  // personnummer gives an older child; shown while it cannot be read.
  function updateAges(form) {
    var questions = form.querySelectorAll('[data-show-if-age-of]');
    for (var i = 0; i < questions.length; i++) {
      var element = questions[i];
      var input = form.querySelector(
        '[name="' + element.getAttribute('data-show-if-age-of') + '"]',
      );
      var birth = input ? birthDateOf(input.value) : null;
      var outer = element.parentElement && element.parentElement.closest('[data-show-if-name]');
      var young =
        !birth ||
        ageOn(birth, element.getAttribute('data-age-on')) <
          Number(element.getAttribute('data-younger-than'));
      setShown(element, young && !(outer && outer.hidden));
    }
  }

  function enhanceForms() {
    var forms = document.querySelectorAll('form.portal-form');
    for (var i = 0; i < forms.length; i++) {
      (function (form) {
        // "Fyll bara i det här om …" is for a page without JS; here the question itself hides.
        var notes = form.querySelectorAll('.portal-conditional__note');
        for (var j = 0; j < notes.length; j++) notes[j].hidden = true;
        updateConditionals(form, true);
        updateAges(form);
        form.addEventListener('change', function () {
          updateConditionals(form, false);
          updateAges(form);
        });
        form.addEventListener('input', function () {
          updateAges(form);
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

  // Once the session has ended nothing on the page can be saved: leaving it needs no warning.
  var sessionOver = false;

  // The idle timeout as the person lives it. Typing or choosing counts as doing something: it
  // keeps the session alive (a small POST, at most every few minutes). The warning comes before
  // the end, pinned to the bottom of the screen with focus in it, and the ended state comes at
  // the end; both are checked again when the tab is shown, since a phone stops timers in the
  // background. The server decides; this only tells in time.
  function timeoutWarning() {
    var dialog = document.getElementById('timeout-warning');
    var form = document.getElementById('keep-alive-form');
    if (!dialog || !form) return;
    var warningPart = document.getElementById('timeout-warning-part');
    var endedPart = document.getElementById('timeout-ended-part');
    var idleMs = Number(dialog.getAttribute('data-idle-minutes')) * 60000;
    var warnBeforeMs = Math.min(5 * 60000, idleMs / 2);
    var renewEveryMs = Math.min(3 * 60000, idleMs / 3);
    // The server's idle timer restarted with the request for this page.
    var expiresAt = Date.now() + idleMs;
    var lastRenewal = Date.now();
    // Every tab of the browser shares the one session: a page loaded or renewed in another tab
    // restarted the same timer, so each tab tells the others when it last reached the server.
    var SHARED_KEY = 'portal.sessionRenewedAt';
    shareRenewal(lastRenewal);
    var renewing = false;
    var timer;
    var focusBefore = null;
    var movingFocus = false;

    function open(part, labelledBy, describedBy, focusId) {
      warningPart.hidden = part !== warningPart;
      endedPart.hidden = part !== endedPart;
      dialog.setAttribute('aria-labelledby', labelledBy);
      dialog.setAttribute('aria-describedby', describedBy);
      if (dialog.hidden) focusBefore = document.activeElement;
      dialog.hidden = false;
      document.documentElement.classList.add('portal-timeout-shown');
      // Moving focus out of a text field fires its "change": that is not the person doing something.
      movingFocus = true;
      document.getElementById(focusId).focus();
      movingFocus = false;
    }

    function close() {
      if (dialog.hidden) return;
      var hadFocus = dialog.contains(document.activeElement);
      dialog.hidden = true;
      document.documentElement.classList.remove('portal-timeout-shown');
      if (hadFocus && focusBefore && document.body.contains(focusBefore)) focusBefore.focus();
    }

    function showWarning() {
      if (!dialog.hidden) return;
      open(warningPart, 'timeout-warning-title', 'timeout-warning-text', 'keep-alive');
    }

    function showEnded() {
      if (sessionOver) return;
      sessionOver = true;
      clearTimeout(timer);
      open(
        endedPart,
        'timeout-ended-title',
        'timeout-ended-why timeout-ended-text',
        'timeout-ended-link',
      );
    }

    function shareRenewal(at) {
      try {
        if (Number(localStorage.getItem(SHARED_KEY)) < at) localStorage.setItem(SHARED_KEY, at);
      } catch {
        // No storage (blocked or full): each tab keeps its own count, as before.
      }
    }

    function latestExpiry() {
      var shared = 0;
      try {
        shared = Number(localStorage.getItem(SHARED_KEY)) || 0;
      } catch {
        // No storage: this tab's own count.
      }
      return Math.max(expiresAt, shared + idleMs);
    }

    function check() {
      clearTimeout(timer);
      if (sessionOver) return;
      expiresAt = latestExpiry();
      var left = expiresAt - Date.now();
      if (left <= 0) {
        showEnded();
        return;
      }
      // Another tab renewed the session while this one warned.
      if (left > warnBeforeMs && !warningPart.hidden) close();
      if (left <= warnBeforeMs) showWarning();
      timer = setTimeout(check, left <= warnBeforeMs ? left : left - warnBeforeMs);
    }

    function renew(onFailure) {
      if (renewing || sessionOver) return;
      renewing = true;
      var sentAt = Date.now();
      fetch(form.getAttribute('action'), {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(new FormData(form)).toString(),
        credentials: 'same-origin',
      })
        .then(function (response) {
          // Read to the end, so that the request is over before anything else is decided.
          return response.text().then(function () {
            return response;
          });
        })
        .then(function (response) {
          renewing = false;
          if (response.ok) {
            expiresAt = sentAt + idleMs;
            lastRenewal = sentAt;
            shareRenewal(sentAt);
            close();
            check();
          } else if (response.status === 401) {
            showEnded();
          } else if (onFailure) {
            onFailure();
          }
        })
        .catch(function () {
          renewing = false;
          if (onFailure) onFailure();
        });
    }

    function activity() {
      if (sessionOver || movingFocus) return;
      if (Date.now() >= latestExpiry()) {
        showEnded();
        return;
      }
      if (!dialog.hidden || Date.now() - lastRenewal >= renewEveryMs) renew();
    }

    document.addEventListener('input', activity);
    document.addEventListener('change', activity);
    // "Jag behöver mer tid" renews in place; if that fails, the form posts as without JavaScript.
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      renew(function () {
        form.submit();
      });
    });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') check();
    });
    window.addEventListener('storage', function (event) {
      if (event.key === SHARED_KEY) check();
    });
    check();
  }

  // Leaving a step page another way than by its form's buttons (which save first) loses what was
  // typed since the last save: then, and only then, the browser asks first.
  function warnBeforeLeaving() {
    var form = document.getElementById('step-form');
    if (!form) return;
    var changed = false;
    var submitting = false;
    function typed() {
      changed = true;
    }
    form.addEventListener('input', typed);
    form.addEventListener('change', typed);
    form.addEventListener('submit', function () {
      submitting = true;
    });
    // Back to this page from the browser's history: its form was not sent after all.
    window.addEventListener('pageshow', function () {
      submitting = false;
    });
    window.addEventListener('beforeunload', function (event) {
      if (!changed || submitting || sessionOver) return;
      event.preventDefault();
      event.returnValue = '';
    });
  }

  // On a case page a note or a message being written is lost if the caseworker presses another
  // button (Tilldela mig, Ändra status, a mark) or follows a link first: then the browser asks.
  // Sending the form the text is in asks nothing. Forms opt in with data-keep-text; with
  // data-keep-text="changed" (a form that comes filled in, as "Fatta beslut" with a kept draft)
  // only what was changed on the page counts, its amounts too.
  function warnBeforeLosingText() {
    var forms = document.querySelectorAll('form[data-keep-text]');
    if (forms.length === 0) return;
    var sending = null;
    document.addEventListener('submit', function (event) {
      sending = event.target;
    });
    window.addEventListener('pageshow', function () {
      sending = null;
    });
    window.addEventListener('beforeunload', function (event) {
      if (sessionOver) return;
      for (var i = 0; i < forms.length; i++) {
        if (forms[i] === sending) continue;
        var changedOnly = forms[i].getAttribute('data-keep-text') === 'changed';
        var boxes = forms[i].querySelectorAll(
          changedOnly ? 'textarea, input[type=text]' : 'textarea',
        );
        for (var j = 0; j < boxes.length; j++) {
          var typed = changedOnly
            ? boxes[j].value !== boxes[j].defaultValue
            : boxes[j].value.trim() !== '';
          if (typed) {
            event.preventDefault();
            event.returnValue = '';
            // If the caseworker stays, the form that was pressed was not sent: it, or the note's
            // own button, may be pressed at once (sendOnce would take it for a double click).
            sending = null;
            sendAgain();
            return;
          }
        }
      }
    });
  }

  /** Set by sendOnce: forget the last send, so the next press goes through. */
  var sendAgain = function () {};

  // A double click sends a form once. The second send would race the first, and where the first
  // renews the session id (choosing a municipality, the first step, logging in), the browser
  // drops the first answer and the second finds its session gone.
  function sendOnce() {
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
    // Back to this page from the history, or a send the caseworker stopped to keep their text:
    // its forms may be sent again.
    window.addEventListener('pageshow', function () {
      sentAt = 0;
    });
    sendAgain = function () {
      sentAt = 0;
    };
  }

  // A link in the error summary jumps to the field itself, which leaves its question, hint and
  // error above the top of a phone's screen: a person sees "Ja" and "Nej" and not what they answer.
  // So the question (a choice's legend, a field's label) is scrolled to the top and the field
  // focused under it. Without JavaScript the link still jumps to the field.
  function errorLinksShowTheQuestion() {
    var summary = document.getElementById('error-summary');
    if (!summary) return;
    summary.addEventListener('click', function (event) {
      var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
      if (!link) return;
      var field = document.getElementById(link.getAttribute('href').slice(1));
      // A whole group's error: its first control takes the focus.
      if (field && field.tagName === 'DIV') {
        field = field.querySelector('input:not([type="hidden"]), select, textarea, button');
      }
      if (!field || typeof field.focus !== 'function') return;
      var choice = field.type === 'radio' || field.type === 'checkbox';
      var fieldset = choice ? field.closest('fieldset') : null;
      // A rule on a whole group leads to its "Lägg till" button, under the group's heading.
      var group = field.tagName === 'BUTTON' ? field.closest('.portal-group') : null;
      var question = fieldset
        ? fieldset.querySelector('legend')
        : group
          ? group.querySelector('h2')
          : field.labels && field.labels.length > 0
            ? field.labels[0]
            : null;
      if (!question) return;
      event.preventDefault();
      question.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  // A page that answers a form post (an error on a step): its history entry becomes a plain GET
  // of the same page, so the phone's back button returns to it instead of "Confirm resubmission".
  function forgetThePost() {
    var address = document.documentElement.getAttribute('data-get-address');
    if (address && window.history && window.history.replaceState) {
      window.history.replaceState(window.history.state, '', address + window.location.hash);
    }
  }

  // "Visa lösenord": the tick shows the boxes it names as text. They are password boxes again
  // when the form is sent, so the browser never keeps the password among typed text.
  function enhanceShowPassword(tick) {
    var box = tick.querySelector('input[type="checkbox"]');
    var fields = [];
    var ids = tick.getAttribute('data-show-password').split(' ');
    for (var i = 0; i < ids.length; i++) {
      var field = document.getElementById(ids[i]);
      if (field) fields.push(field);
    }
    if (!box || fields.length === 0) return;
    function show(shown) {
      for (var j = 0; j < fields.length; j++) fields[j].type = shown ? 'text' : 'password';
    }
    box.checked = false;
    box.addEventListener('change', function () {
      show(box.checked);
    });
    if (box.form) {
      box.form.addEventListener('submit', function () {
        show(false);
      });
    }
    tick.hidden = false;
  }

  function showPasswords() {
    var ticks = document.querySelectorAll('[data-show-password]');
    for (var i = 0; i < ticks.length; i++) enhanceShowPassword(ticks[i]);
  }

  // A page opened at a field (a refused mark's reason box): the browser focuses the field and
  // scrolls it to the top, above its label and error. The label is brought into view instead.
  function showTheLabelOfTheTarget() {
    var id = window.location.hash.slice(1);
    var field = id ? document.getElementById(id) : null;
    if (!field || !field.labels || field.labels.length === 0) return;
    window.requestAnimationFrame(function () {
      if (document.activeElement === field) field.labels[0].scrollIntoView();
    });
  }

  // "Nästa" with files chosen but not uploaded: a plain post would carry only their names, and the
  // person would have to find them again on the phone. They are uploaded first, as "Ladda upp"
  // does (the answers are saved with them); the page then says so, and "Nästa" goes on from there.
  function uploadChosenFilesOnNext() {
    var buttons = document.querySelectorAll('.portal-upload-button');
    for (var i = 0; i < buttons.length; i++) {
      (function (upload) {
        var form = upload.form;
        var input = form && form.querySelector('.portal-file-input');
        if (!form || !input) return;
        form.addEventListener('submit', function (event) {
          var submitter = event.submitter;
          if (submitter && submitter.value !== 'next') return;
          if (!input.files || input.files.length === 0) return;
          event.preventDefault();
          var flag = form.querySelector('input[name="_efter"]');
          if (!flag) {
            flag = document.createElement('input');
            flag.type = 'hidden';
            flag.name = '_efter';
            form.appendChild(flag);
          }
          flag.value = 'nasta';
          // After this event: a form ignores a submission asked for while it fires one.
          setTimeout(function () {
            if (form.requestSubmit) form.requestSubmit(upload);
            else upload.click();
          }, 0);
        });
      })(buttons[i]);
    }
  }

  forgetThePost();
  sendOnce();
  window.addEventListener('load', showTheLabelOfTheTarget);

  document.addEventListener('DOMContentLoaded', function () {
    enhanceForms();
    uploadChosenFilesOnNext();
    enhanceCounts();
    errorLinksShowTheQuestion();
    timeoutWarning();
    warnBeforeLeaving();
    warnBeforeLosingText();
    showPasswords();
  });
})();
