// The idea form: the pilot questions show only while "Pilot proposal" is the
// chosen kind. Without JavaScript they stay visible under a heading that says
// they are for pilots only, and the server ignores them for other kinds.
(function () {
  "use strict";
  const form = document.querySelector("[data-idea-form]");
  const section = form && form.querySelector("[data-pilot-fields]");
  if (!section) return;
  const kinds = form.querySelectorAll("input[name=kind]");

  function update() {
    const chosen = form.querySelector("input[name=kind]:checked");
    const pilot = chosen && chosen.value === "pilot";
    // A pilot field with an error stays in view, whatever the kind says.
    section.hidden = !pilot && !section.querySelector(".field--error");
  }

  kinds.forEach(function (input) { input.addEventListener("change", update); });
  update();
})();
