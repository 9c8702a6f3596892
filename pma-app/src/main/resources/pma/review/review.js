'use strict';
(function () {
  var form = document.getElementById('verdict-form');
  var reviewer = document.getElementById('reviewer');
  if (reviewer && !reviewer.value) {
    try { reviewer.value = localStorage.getItem('pma.reviewer') || ''; } catch (e) { /* storage blocked */ }
  }
  if (form) {
    form.addEventListener('submit', function () {
      try { localStorage.setItem('pma.reviewer', reviewer.value.trim()); } catch (e) { /* storage blocked */ }
    });
  }
  function go(id) {
    var a = document.getElementById(id);
    if (a) window.location.href = a.href;
  }
  function submit() {
    if (form) form.requestSubmit();
  }
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    var tag = t && t.tagName;
    var typing = tag === 'TEXTAREA' || (tag === 'INPUT' && t.type === 'text');
    if (typing) {
      if (e.key === 'Escape') { t.blur(); e.preventDefault(); }
      else if (e.key === 'Enter' && tag === 'TEXTAREA' && (e.ctrlKey || e.metaKey)) { submit(); e.preventDefault(); }
      return; // Enter in the name field submits the form natively
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if ((tag === 'A' || tag === 'BUTTON') && e.key === 'Enter') return; // keep the browser's own Enter on links and buttons
    if (form && e.key >= '1' && e.key <= '6') {
      var radios = form.querySelectorAll('input[name=verdict]');
      var r = radios[Number(e.key) - 1];
      if (r) { r.checked = true; r.focus(); e.preventDefault(); }
    } else if (e.key === 'Enter') {
      submit(); e.preventDefault();
    } else if (e.key === 'n') {
      go('next');
    } else if (e.key === 'p') {
      go('prev');
    }
  });
})();
