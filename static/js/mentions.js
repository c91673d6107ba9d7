// @mention suggestions while writing a post. Without JavaScript, typing
// "@Anna Berg" by hand works the same; this only helps find the name.
// Suggestions are a list of buttons under the field: Down arrow moves into them,
// Enter or a click inserts the name, Escape closes them and returns to the text.
(function () {
  "use strict";
  const source = document.querySelector("[data-mention-url]");
  if (!source) return;
  const url = source.dataset.mentionUrl;
  const PREFIX = /(?:^|\s)@([^\s@]{2,30})$/;
  let timer = null;

  function panelFor(field) {
    let panel = field.parentNode.querySelector(":scope > .mention-suggestions");
    if (!panel) {
      panel = document.createElement("ul");
      panel.className = "mention-suggestions plain-list";
      panel.hidden = true;
      panel.setAttribute("aria-label", source.dataset.mentionLabel || "");
      field.insertAdjacentElement("afterend", panel);
      const status = document.createElement("p");
      status.className = "visually-hidden";
      status.setAttribute("aria-live", "polite");
      panel.insertAdjacentElement("afterend", status);
      panel.status = status;
    }
    return panel;
  }

  function close(panel) {
    panel.hidden = true;
    panel.replaceChildren();
  }

  function insert(field, panel, name) {
    const caret = field.selectionStart;
    const before = field.value.slice(0, caret).replace(/@([^\s@]{0,30})$/, "@" + name + " ");
    field.value = before + field.value.slice(caret);
    field.focus();
    field.setSelectionRange(before.length, before.length);
    close(panel);
  }

  async function suggest(field) {
    const panel = panelFor(field);
    const match = PREFIX.exec(field.value.slice(0, field.selectionStart));
    if (!match) return close(panel);
    let names = [];
    try {
      const response = await fetch(url + "?q=" + encodeURIComponent(match[1]), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (response.ok) names = (await response.json()).names;
    } catch (error) {
      return close(panel);
    }
    if (!names.length) return close(panel);
    panel.replaceChildren.apply(panel, names.map(function (name) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.textContent = "@" + name;
      button.addEventListener("click", function () { insert(field, panel, name); });
      item.appendChild(button);
      return item;
    }));
    panel.hidden = false;
    panel.status.textContent = (source.dataset.mentionCount || "N").replace(/^N/, names.length);
  }

  document.addEventListener("input", function (event) {
    const field = event.target;
    if (!field.matches || !field.matches("textarea[data-mention]")) return;
    clearTimeout(timer);
    timer = setTimeout(function () { suggest(field); }, 200);
  });

  document.addEventListener("keydown", function (event) {
    const target = event.target;
    const inField = target.matches && target.matches("textarea[data-mention]");
    const panel = inField
      ? target.parentNode.querySelector(":scope > .mention-suggestions")
      : target.closest && target.closest(".mention-suggestions");
    if (!panel || panel.hidden) return;
    const buttons = Array.prototype.slice.call(panel.querySelectorAll("button"));
    const field = panel.previousElementSibling;
    if (event.key === "Escape") {
      close(panel);
      field.focus();
      event.preventDefault();
    } else if (event.key === "ArrowDown") {
      const next = inField ? 0 : Math.min(buttons.indexOf(target) + 1, buttons.length - 1);
      buttons[next].focus();
      event.preventDefault();
    } else if (event.key === "ArrowUp" && !inField) {
      const index = buttons.indexOf(target);
      (index <= 0 ? field : buttons[index - 1]).focus();
      event.preventDefault();
    }
  });
})();
