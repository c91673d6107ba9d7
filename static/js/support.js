// Support without a page reload. Without JavaScript the same form posts and the
// server redirects back; with it, the count and the button update in place and
// the change is announced to screen readers.
(function () {
  "use strict";
  const box = document.querySelector("[data-support]");
  const form = box && box.querySelector("[data-support-form]");
  if (!form) return;
  const count = box.querySelector("[data-support-count]");
  const label = box.querySelector("[data-support-label]");
  const status = box.querySelector("[data-support-status]");
  const action = form.querySelector("input[name=action]");
  const button = form.querySelector("button");
  const labels = {
    add: button.dataset.labelAdd || button.textContent,
    withdraw: button.dataset.labelWithdraw || button.textContent,
  };

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json();
      if (!response.ok) {
        status.textContent = data.error || "";
        return;
      }
      count.textContent = data.support_count_display || String(data.support_count);
      if (label && data.support_label) label.textContent = data.support_label;
      action.value = data.supported ? "withdraw" : "add";
      button.textContent = data.supported ? labels.withdraw : labels.add;
      button.setAttribute("aria-pressed", data.supported ? "true" : "false");
      status.textContent = button.dataset[data.supported ? "doneAdd" : "doneWithdraw"] || "";
    } catch (error) {
      form.submit();  // the plain form still works
    } finally {
      button.disabled = false;
    }
  });
})();
