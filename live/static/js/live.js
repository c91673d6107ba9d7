// Live updates for discussions and the notification badge (protocol in
// docs/realtime.md). Pages work fully without this file; with it, new posts
// appear in place, edits and reactions update, and the unread badge counts up.
//
// Rules kept here: nothing the reader is typing is ever replaced or moved on the
// screen; posts that would appear out of sight are held behind an "N new posts"
// bar; every inserted post is announced politely to screen readers.
(function () {
  "use strict";

  const body = document.body;
  const discussion = document.querySelector("[data-live-stream]");
  const streams = {}; // stream name -> last id seen
  if (discussion) {
    streams[discussion.dataset.liveStream] = Number(discussion.dataset.liveLastId || 0);
  }
  if (body.dataset.userStream) streams[body.dataset.userStream] = null; // live only
  if (Object.keys(streams).length === 0) return;

  // ---- Connection: WebSocket with back-off, or HTTP polling as a fallback.
  const POLL_MS = 10000;
  // The server is never silent for more than one and a half of these
  // intervals (a heartbeat when it has nothing else to send); three without
  // any frame and the socket is taken for dead (a proxy or network may keep a
  // dead one "open").
  const HEARTBEAT_MS = 1000 * Number(body.dataset.liveHeartbeat || 15);
  let socket = null;
  let attempts = 0;
  let everOpened = false;
  let polling = false;
  let lastFrameAt = Date.now();

  setInterval(function () {
    if (socket && socket.readyState === WebSocket.OPEN
        && Date.now() - lastFrameAt > 3 * HEARTBEAT_MS) {
      socket.close(); // reconnects and resubscribes with each stream's last id
    }
  }, Math.min(HEARTBEAT_MS, 5000));

  function backoff() {
    // Exponential with full jitter, capped at 30 s.
    const ceiling = Math.min(30000, 1000 * Math.pow(2, attempts));
    attempts += 1;
    return Math.random() * ceiling;
  }

  function connect() {
    if (!("WebSocket" in window)) return startPolling();
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    try {
      // The page's language: a post sent inside an event is in it.
      const lang = encodeURIComponent(document.documentElement.lang || "");
      socket = new WebSocket(scheme + "//" + location.host + "/ws/?lang=" + lang);
    } catch (error) {
      return startPolling();
    }
    socket.addEventListener("open", function () {
      everOpened = true;
      attempts = 0;
      lastFrameAt = Date.now();
      Object.keys(streams).forEach(subscribe);
    });
    socket.addEventListener("message", function (message) {
      lastFrameAt = Date.now();
      let frame;
      try {
        frame = JSON.parse(message.data);
      } catch (error) {
        return;
      }
      handle(frame);
    });
    socket.addEventListener("close", function () {
      socket = null;
      // A browser or proxy that never lets the socket open gets the HTTP fallback.
      if (!everOpened && attempts >= 2) return startPolling();
      setTimeout(connect, backoff());
    });
  }

  function subscribe(stream) {
    const frame = { type: "subscribe", stream: stream };
    if (streams[stream] !== null) frame.since = streams[stream];
    socket.send(JSON.stringify(frame));
  }

  // A second line behind the server's own ordering: an event ahead of the next
  // id means some went missing; ask again from the last one seen.
  function resubscribe(stream) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ type: "unsubscribe", stream: stream }));
    subscribe(stream);
  }

  function startPolling() {
    if (polling) return;
    polling = true;
    poll();
  }

  async function poll() {
    const query = Object.keys(streams)
      .filter(function (s) { return streams[s] !== null; })
      .map(function (s) { return "s=" + encodeURIComponent(s + ":" + streams[s]); });
    // A live-only stream ("stream:") first learns where it stands, then polls on.
    Object.keys(streams)
      .filter(function (s) { return streams[s] === null; })
      .forEach(function (s) { query.push("s=" + encodeURIComponent(s + ":")); });
    try {
      const response = await fetch(body.dataset.liveUrl + "?" + query.join("&"), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const data = await response.json();
      data.frames.forEach(handle);
    } catch (error) {
      // Offline for now; the next poll tries again.
    }
    setTimeout(poll, POLL_MS);
  }

  function handle(frame) {
    if (frame.type === "subscribed") {
      if (streams[frame.stream] === null || streams[frame.stream] < frame.last_id) {
        streams[frame.stream] = frame.last_id;
      }
      return;
    }
    if (frame.type === "error") {
      if (frame.code === "reload" && discussion) showReloadHint();
      return;
    }
    if (frame.type !== "event") return; // heartbeats only say "still here"
    const last = streams[frame.stream];
    if (last !== null && frame.id <= last) return; // seen already
    if (last !== null && frame.id > last + 1 && !polling) return resubscribe(frame.stream);
    streams[frame.stream] = frame.id;
    if (frame.event === "notification.created") return updateBadge(frame.data.unread);
    if (discussion && frame.stream === discussion.dataset.liveStream) {
      // One event after the other: each may wait for its post's HTML, and a
      // later one must not overtake it on the page.
      postEvents = postEvents.then(function () { return onPostEvent(frame); })
        .catch(function () {});
    }
  }
  let postEvents = Promise.resolve();

  // ---- The notification badge.
  function updateBadge(unread) {
    let badge = document.querySelector("[data-unread-count]");
    if (!badge) {
      const link = document.querySelector("a[href*='/notifications/']");
      if (!link) return;
      badge = document.createElement("span");
      badge.className = "badge";
      badge.setAttribute("data-unread-count", "");
      link.appendChild(document.createTextNode(" "));
      link.appendChild(badge);
    }
    const hidden = badge.querySelector(".visually-hidden");
    badge.textContent = String(unread);
    if (hidden) badge.appendChild(hidden);
  }

  // ---- Discussion: posts in place, held behind a bar, or nowhere on this page.
  const list = discussion && discussion.querySelector("[data-posts]");
  const bar = discussion && discussion.querySelector("[data-new-posts-bar]");
  const announcer = discussion && discussion.querySelector("[data-live-announcer]");
  const held = [];

  function fragmentUrl(postId) {
    return discussion.dataset.fragmentUrl.replace(/\/0\/$/, "/" + postId + "/");
  }

  function parsePost(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.querySelector("article");
  }

  // The post as this reader sees it: sent inside the event to a reader who is
  // not signed in (rendered once for all of them), fetched by anyone else.
  async function postOf(frame) {
    if (typeof frame.html === "string") return parsePost(frame.html);
    const response = await fetch(fragmentUrl(frame.data.post_id), { credentials: "same-origin" });
    if (!response.ok) return null;
    return parsePost(await response.text());
  }

  function listBottomInView() {
    const rect = list.getBoundingClientRect();
    return rect.bottom <= window.innerHeight + 200 && rect.bottom >= -200;
  }

  // Insert without moving what the reader is typing: if the focused field moves
  // on the screen, scroll by the same amount.
  function keepFocusStill(change) {
    const active = document.activeElement;
    const typing = active && (active.tagName === "TEXTAREA" || active.tagName === "INPUT");
    const before = typing ? active.getBoundingClientRect().top : 0;
    change();
    if (typing) {
      const shift = active.getBoundingClientRect().top - before;
      // Instant: the page's smooth scrolling would slide the field back into
      // place, visibly, instead of keeping it still.
      if (shift) window.scrollBy({ top: shift, behavior: "instant" });
    }
  }

  function announce(article) {
    const by = article.querySelector("[id$='-by']");
    announcer.textContent = discussion.dataset.announce + " " + (by ? by.textContent.trim() : "");
  }

  function place(article, parentId) {
    if (document.getElementById(article.id)) return; // already here
    const item = document.createElement("li");
    item.appendChild(article);
    keepFocusStill(function () {
      const target = parentId
        ? discussion.querySelector("[data-replies-of='" + parentId + "']")
        : list;
      target.appendChild(item);
      const empty = discussion.querySelector("[data-no-posts]");
      if (empty) empty.remove();
    });
    announce(article);
  }

  function updateBar() {
    if (held.length === 0) {
      bar.hidden = true;
      return;
    }
    const button = bar.querySelector("button");
    button.textContent = held.length === 1
      ? discussion.dataset.newOne
      : held.length + " " + discussion.dataset.newMany;
    bar.hidden = false;
  }

  if (bar) {
    bar.querySelector("button").addEventListener("click", function () {
      if (discussion.dataset.lastPage !== "true") return; // handled below
      const first = held.length ? held[0].article : null;
      held.splice(0).forEach(function (h) { place(h.article, h.parentId); });
      updateBar();
      if (first) {
        first.setAttribute("tabindex", "-1");
        first.focus();
      }
    });
  }

  async function onPostEvent(frame) {
    const data = frame.data || {};
    if (frame.event === "post.created") {
      const parentHere = data.parent_id && discussion.querySelector("[data-replies-of='" + data.parent_id + "']");
      if (data.parent_id && !parentHere) return; // a reply to a post on another page
      if (!data.parent_id && discussion.dataset.lastPage !== "true") {
        held.push({ article: null, parentId: null, link: true });
        return updateBar();
      }
      const article = await postOf(frame);
      if (!article) return;
      if (listBottomInView() || data.parent_id) {
        place(article, data.parent_id);
      } else {
        held.push({ article: article, parentId: data.parent_id });
        updateBar();
      }
      return;
    }
    const existing = document.getElementById("post-" + data.post_id);
    if (!existing) return;
    if (frame.event === "post.reactions") {
      ["like", "helpful"].forEach(function (kind) {
        const count = existing.querySelector(":scope > .post__actions [data-count='" + kind + "']");
        if (count) count.textContent = String(data[kind + "_count"]);
      });
      return;
    }
    // Edited, removed, hidden or restored: show it as this reader may see it,
    // but leave alone a post whose reply box the reader is typing in.
    if (existing.contains(document.activeElement) && document.activeElement.tagName === "TEXTAREA") return;
    const fresh = await postOf(frame);
    if (!fresh) return;
    const replies = existing.querySelector(":scope > [data-replies-of]");
    const freshReplies = fresh.querySelector(":scope > [data-replies-of]");
    if (replies && freshReplies) freshReplies.replaceWith(replies);
    keepFocusStill(function () { existing.replaceWith(fresh); });
  }

  function showReloadHint() {
    if (!bar) return;
    const link = document.createElement("a");
    link.href = location.pathname + location.search;
    link.textContent = discussion.dataset.newMany;
    bar.replaceChildren(link);
    bar.hidden = false;
  }

  // Posts held for a later page only say so; the bar then links to the last page.
  if (bar && discussion.dataset.lastPage !== "true") {
    bar.querySelector("button").addEventListener("click", function () {
      location.href = location.pathname + "?posts=last#discussion";
    });
  }

  // Reactions without a reload: the same form, posted in the background.
  if (discussion) {
    discussion.addEventListener("submit", async function (event) {
      const form = event.target;
      if (!form.matches("[data-reaction-form]")) return;
      event.preventDefault();
      const button = form.querySelector("button");
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        const data = await response.json();
        if (!response.ok) return;
        button.setAttribute("aria-pressed", data.on ? "true" : "false");
        const article = form.closest("article");
        ["like", "helpful"].forEach(function (kind) {
          const count = article.querySelector(":scope > .post__actions [data-count='" + kind + "']");
          if (count) count.textContent = String(data[kind + "_count"]);
        });
      } catch (error) {
        form.submit();
      }
    });
  }

  connect();
})();
