// The header menu is a <details> element: on small screens it opens and closes
// without JavaScript. Wide screens show its contents through CSS; where a
// browser cannot (no ::details-content), this opens it while the screen is wide.
(function () {
  "use strict";
  const menu = document.querySelector("[data-site-menu]");
  if (!menu || !window.matchMedia) return;
  const wide = window.matchMedia("(min-width: 60rem)");
  function follow() { if (wide.matches) menu.open = true; }
  follow();
  wide.addEventListener("change", follow);
})();
