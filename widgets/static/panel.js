// An HTML panel rendered in the kernel from autoescaped templates. The browser adds three
// behaviours: a click (or Enter) on an element with data-open="<asset id>" is sent to the
// kernel; the element whose id is the model's `selected` is outlined (and scrolled into view
// inside its own scroller, never by scrolling the page); a bump of `reveal` brings the panel
// itself into view. A thumbnail that fails to load swaps to its data-fallback placeholder.

function outline(el, id) {
  for (const node of el.querySelectorAll(".lk-selected")) node.classList.remove("lk-selected");
  if (id === null || id === undefined) return;
  for (const node of el.querySelectorAll(`[data-open="${Number(id)}"]`)) {
    node.classList.add("lk-selected");
    const scroller = node.closest(".lk-gallery-grid");
    if (!scroller) continue;
    const box = node.getBoundingClientRect();
    const view = scroller.getBoundingClientRect();
    if (box.top < view.top) scroller.scrollTop -= view.top - box.top + 4;
    else if (box.bottom > view.bottom) scroller.scrollTop += box.bottom - view.bottom + 4;
  }
}

function render({ model, el }) {
  el.classList.add("lk-panel");
  const draw = () => {
    el.innerHTML = model.get("html");
    outline(el, model.get("selected"));
  };
  const open = (target) => {
    const item = target instanceof Element ? target.closest("[data-open]") : null;
    if (item && el.contains(item)) {
      model.send({ type: "open", asset_id: Number(item.dataset.open) });
    }
  };
  const onClick = (event) => open(event.target);
  const onKey = (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      open(event.target);
    }
  };
  const onError = (event) => {
    const img = event.target;
    if (img instanceof HTMLImageElement && img.dataset.fallback) {
      img.src = img.dataset.fallback;
      delete img.dataset.fallback;
      img.classList.add("lk-thumb-placeholder");
    }
  };
  const onSelected = () => outline(el, model.get("selected"));
  const onReveal = () => el.scrollIntoView({ block: "nearest" });
  el.addEventListener("click", onClick);
  el.addEventListener("keydown", onKey);
  el.addEventListener("error", onError, true); // load errors do not bubble: capture them
  model.on("change:html", draw);
  model.on("change:selected", onSelected);
  model.on("change:reveal", onReveal);
  draw();
  return () => {
    model.off("change:html", draw);
    model.off("change:selected", onSelected);
    model.off("change:reveal", onReveal);
  };
}

export default { render };
