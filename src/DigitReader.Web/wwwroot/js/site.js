// Site-wide: forms marked data-confirm ask before doing something that cannot be undone.
(function () {
  'use strict';
  document.addEventListener('submit', function (e) {
    const message = e.target && e.target.getAttribute && e.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) e.preventDefault();
  });
})();
