// The main navigation folds behind a Menu button on narrow screens; without this script it simply stays open.
(function () {
  "use strict";
  const header = document.querySelector("header.site");
  const button = header && header.querySelector(".menu-toggle");
  if (!button) return;
  header.classList.add("collapsible");
  button.hidden = false;
  button.addEventListener("click", function () {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    header.classList.toggle("open", open);
  });
})();
