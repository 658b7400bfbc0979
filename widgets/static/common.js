// Shared by every view's module (this text opens each of them). Plain functions: a view
// renders from its model's traits, sends the user's events as messages ({type: ...}), and
// places HTML the kernel rendered from autoescaped templates; user text goes in as text.

function lkElement(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function lkButton(label, className, title, onClick) {
  const button = lkElement("button", `lk-button ${className}`, label);
  button.type = "button";
  button.title = title;
  button.addEventListener("click", onClick);
  return button;
}

// A text box inside a wrapper carrying the hook class (".lk-asset-id input").
function lkInput(className, placeholder, type) {
  const box = lkElement("span", `lk-field ${className}`);
  const input = lkElement("input", "lk-input");
  input.type = type || "text";
  input.placeholder = placeholder || "";
  input.spellcheck = false;
  box.append(input);
  return [box, input];
}

// Clicks (and Enter) on an element marked data-open="<asset id>" are sent to the kernel.
function lkOpenOnClick(el, model) {
  const open = (target) => {
    const item = target instanceof Element ? target.closest("[data-open]") : null;
    if (item && el.contains(item)) model.send({ type: "open", asset_id: Number(item.dataset.open) });
  };
  el.addEventListener("click", (event) => open(event.target));
  el.addEventListener("keydown", (event) => {
    const target = event.target;
    if ((event.key === "Enter" || event.key === " ") && target instanceof Element
        && target.matches("[data-open]")) {
      event.preventDefault();
      open(target);
    }
  });
  // A thumbnail that fails to load swaps to its placeholder (load errors do not bubble).
  el.addEventListener("error", (event) => {
    const img = event.target;
    if (img instanceof HTMLImageElement && img.dataset.fallback) {
      img.src = img.dataset.fallback;
      delete img.dataset.fallback;
      img.classList.add("lk-thumb-placeholder");
    }
  }, true);
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

// Re-run draw() when any of these traits change (once per batch of changes).
function lkOnChange(model, names, draw) {
  let pending = false;
  const schedule = () => {
    if (pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      draw();
    });
  };
  for (const name of names) model.on(`change:${name}`, schedule);
  return () => {
    for (const name of names) model.off(`change:${name}`, schedule);
  };
}
