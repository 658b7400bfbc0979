// Shared by every view's module (this text opens each of them). Plain functions: a view
// renders from its model's traits, sends the user's events as messages ({type: ...}), and
// places HTML the kernel rendered from autoescaped templates; user text goes in as text.

function lkElement(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Is a kernel behind this view? Ask once; the answer hides the static face printed beside
// it (an output of its own, same face_id). No answer: a copy restored from a saved notebook,
// which says so (live_hint) instead of pretending to work.
function lkWatchLive(model, el) {
  let live = false;
  const onMessage = (message) => {
    if (!message || message.type !== "pong" || live) return;
    live = true;
    el.classList.remove("lk-saved-copy");
    const id = model.get("face_id");
    if (id && !document.getElementById(`lk-face-${id}`)) {
      const style = lkElement("style");
      style.id = `lk-face-${id}`;
      style.textContent = `[data-lk-face="${id}"], .jp-OutputArea-child:has([data-lk-face="${id}"])`
        + " { display: none !important; }";
      document.head.append(style);
    }
  };
  model.on("msg:custom", onMessage);
  const banner = lkElement("div", "lk-saved-banner", model.get("live_hint") || "");
  el.prepend(banner);
  const timer = setTimeout(() => {
    // Inside the app, the app alone says it.
    const outer = el.parentElement && el.parentElement.closest(".lk-view");
    if (!live && !outer) el.classList.add("lk-saved-copy");
  }, 6000);
  model.send({ type: "ping" });
  return () => {
    clearTimeout(timer);
    model.off("msg:custom", onMessage);
  };
}
