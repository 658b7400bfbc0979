// Controls shared by the inspector's, the gallery's and the graph's modules (live.js and
// this text open each of them).

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
}

// A thumbnail that fails to load swaps to its placeholder (load errors do not bubble).
function lkImageFallback(el) {
  el.addEventListener("error", (event) => {
    const img = event.target;
    if (img instanceof HTMLImageElement && img.dataset.fallback) {
      img.src = img.dataset.fallback;
      delete img.dataset.fallback;
      img.classList.add("lk-thumb-placeholder");
    }
  }, true);
}

// Place the kernel's HTML for `name` into `node`, only when it changed (re-parsing unchanged
// cards would cost every click their images and layout again).
function lkPlacer(model) {
  const shown = new Map();
  return (node, name) => {
    const html = model.get(name);
    if (shown.get(node) === html) return;
    shown.set(node, html);
    node.innerHTML = html;
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
