// Search made live. Without JavaScript every part works as plain forms:
// the header box submits to /search/, facet checkboxes apply with
// "Show results", and the idea form shows similar ideas on a review step.
//
// 1. Header box: suggestions as you type (ARIA 1.2 combobox with a listbox).
// 2. Search page: ticking a facet updates the results in place, keeping focus.
// 3. Idea form: similar existing ideas appear while the title is typed.
(function () {
  "use strict";

  function debounce(fn, wait) {
    let timer = null;
    return function () {
      const args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, wait);
    };
  }

  // Only the latest request for a field may write to the page.
  function latestOnly() {
    let current = 0;
    return function (promiseFactory) {
      const mine = ++current;
      return promiseFactory().then(function (value) {
        if (mine !== current) throw new Error("superseded");
        return value;
      });
    };
  }

  // --- 1. Header suggestions
  function setUpSuggestions(form) {
    const input = form.querySelector("input[name=q]");
    const list = form.querySelector("[role=listbox]");
    const status = form.querySelector("[data-suggest-status]");
    const url = form.dataset.suggestUrl;
    const latest = latestOnly();
    let active = -1;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function options() { return Array.from(list.querySelectorAll("[role=option]")); }

    function close() {
      list.hidden = true;
      list.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      const items = options();
      items.forEach(function (item, i) { item.setAttribute("aria-selected", String(i === index)); });
      active = index;
      if (index >= 0) input.setAttribute("aria-activedescendant", items[index].id);
      else input.removeAttribute("aria-activedescendant");
    }

    function show(suggestions) {
      if (!suggestions.length) { close(); status.textContent = ""; return; }
      list.replaceChildren.apply(list, suggestions.map(function (s, i) {
        const item = document.createElement("li");
        item.id = "site-search-option-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.url = s.url;
        item.textContent = s.title;
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep focus in the box until we navigate
          window.location.assign(s.url);
        });
        return item;
      }));
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = suggestions.length + " " + (form.dataset.suggestCount || "");
    }

    const fetchSuggestions = debounce(function () {
      const text = input.value.trim();
      if (text.length < 2) { close(); return; }
      latest(function () {
        return fetch(url + "?q=" + encodeURIComponent(text), {
          headers: { Accept: "application/json" },
        }).then(function (response) { return response.ok ? response.json() : { suggestions: [] }; });
      }).then(function (data) { show(data.suggestions || []); }, function () {});
    }, 200);

    input.addEventListener("input", fetchSuggestions);
    input.addEventListener("keydown", function (event) {
      const items = options();
      if (event.key === "ArrowDown" && items.length) {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp" && items.length) {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.assign(items[active].dataset.url);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  // --- 2. Facets on the search page
  function setUpFacets(form) {
    const latest = latestOnly();

    function refresh(focusId) {
      const query = new URLSearchParams(new FormData(form));
      query.delete("page");
      const target = form.action.split("?")[0] + "?" + query.toString();
      latest(function () {
        return fetch(target, { headers: { Accept: "text/html" } }).then(function (r) {
          if (!r.ok) throw new Error(String(r.status));
          return r.text();
        });
      }).then(function (html) {
        const page = new DOMParser().parseFromString(html, "text/html");
        const fresh = page.querySelector("[data-search-form] .search-layout");
        const current = form.querySelector(".search-layout");
        if (!fresh || !current) return;
        current.replaceWith(fresh);
        window.history.replaceState(null, "", target);
        const again = focusId && document.getElementById(focusId);
        if (again) again.focus();
        bind();
      }, function () { form.submit(); });
    }

    function bind() {
      form.querySelectorAll(".search-facets input[type=checkbox], #search-sort").forEach(function (control) {
        control.addEventListener("change", function () { refresh(control.id); });
      });
    }
    bind();
  }

  // --- 3. Similar ideas while writing one
  function setUpSimilarIdeas(slot) {
    const form = slot.closest("form");
    const title = form.querySelector("[name=title]");
    const summary = form.querySelector("[name=summary]");
    const seen = form.querySelector("[data-similar-seen]");
    const latest = latestOnly();
    if (!title) return;

    const look = debounce(function () {
      const query = new URLSearchParams({
        title: title.value,
        summary: summary ? summary.value : "",
        exclude: slot.dataset.exclude || "",
      });
      if (title.value.trim().length < 4) { slot.replaceChildren(); return; }
      latest(function () {
        return fetch(slot.dataset.similarUrl + "?" + query.toString(), {
          headers: { Accept: "text/html" },
        }).then(function (r) { return r.ok ? r.text() : ""; });
      }).then(function (html) {
        const fragment = new DOMParser().parseFromString(html, "text/html").body;
        slot.replaceChildren.apply(slot, Array.from(fragment.childNodes));
        // Seen here, so publishing skips the review step.
        if (slot.querySelector("[data-similar-count]") && seen) seen.value = "1";
      }, function () {});
    }, 400);

    title.addEventListener("input", look);
    if (summary) summary.addEventListener("input", look);
  }

  document.querySelectorAll("form[data-suggest-url]").forEach(setUpSuggestions);
  document.querySelectorAll("[data-search-form]").forEach(setUpFacets);
  document.querySelectorAll("[data-similar-ideas]").forEach(setUpSimilarIdeas);
})();
