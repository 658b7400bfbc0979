// The gallery's front end (common.js opens this module): the search box, the filters, the
// pager and the grid of tiles the kernel rendered; the selected tile is outlined and kept in
// view inside the grid's own scroller (the page itself never scrolls for it).

function outline(grid, id) {
  for (const node of grid.querySelectorAll(".lk-selected")) node.classList.remove("lk-selected");
  if (id === null || id === undefined) return;
  for (const node of grid.querySelectorAll(`[data-open="${Number(id)}"]`)) {
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
  el.classList.add("lk-view", "lk-root", "lk-gallery");
  const send = (message) => model.send(message);
  const [searchBox, searchInput] = lkInput("lk-search", "id, Pixverse id or words");
  searchInput.title = "Find assets by database id, Pixverse id, key, path, or words of a description or prompt";
  const find = () => send({ type: "search", text: searchInput.value });
  searchInput.addEventListener("keydown", (event) => { if (event.key === "Enter") find(); });
  const findButton = lkButton("Find", "lk-find", "Find assets", find);
  const clear = lkButton("Clear", "lk-clear", "Back to all assets", () => {
    searchInput.value = "";
    send({ type: "clear" });
  });
  const searchRow = lkElement("div", "lk-row lk-search-row");
  searchRow.append(searchBox, findButton, clear);

  const filters = lkElement("div", "lk-filters");
  const selects = {};
  for (const choice of model.get("filter_choices")) {
    const box = lkElement("span", `lk-field lk-filter-${choice.key.replaceAll("_", "-")}`);
    const select = lkElement("select", "lk-select");
    select.title = choice.tooltip;
    for (const [label, value] of choice.options) {
      const option = lkElement("option", "", label);
      option.value = value;
      select.append(option);
    }
    select.addEventListener("change", () => send({ type: "filter", key: choice.key, value: select.value }));
    box.append(select);
    filters.append(box);
    selects[choice.key] = select;
  }
  const message = lkElement("div", "lk-message");
  const prev = lkButton("◀ Prev", "lk-prev", "Previous page", () => send({ type: "page", step: -1 }));
  const next = lkButton("Next ▶", "lk-next", "Next page", () => send({ type: "page", step: 1 }));
  const label = lkElement("span", "lk-page-label lk-muted");
  const pager = lkElement("div", "lk-row lk-pager");
  pager.append(prev, label, next);
  const legend = lkElement("div", "lk-legend-rows lk-muted",
    "↑ parent rows · ↓ child rows (lineage rows: an asset used twice counts twice)");
  const grid = lkElement("div", "lk-gallery-panel lk-panel");
  el.append(searchRow, filters, message, pager, legend, grid);
  lkOpenOnClick(grid, model);
  lkImageFallback(el);

  const place = lkPlacer(model);
  const draw = () => {
    const searching = Boolean(model.get("query"));
    if (document.activeElement !== searchInput) searchInput.value = model.get("query");
    const values = model.get("filters");
    for (const [key, select] of Object.entries(selects)) {
      select.value = values[key] || "";
      select.disabled = searching; // the filters and pages are the listing's, not the search's
    }
    message.textContent = model.get("error");
    message.hidden = !model.get("error");
    label.textContent = model.get("page_label");
    prev.disabled = !model.get("has_prev");
    next.disabled = !model.get("has_next");
    place(grid, "grid_html");
    outline(grid, model.get("selected_id"));
  };
  const onSelected = () => outline(grid, model.get("selected_id"));
  const stop = lkOnChange(model, ["query", "filters", "error", "page_label", "has_prev", "has_next", "grid_html"], draw);
  model.on("change:selected_id", onSelected);
  const stopLive = lkWatchLive(model, el);
  draw();
  return () => {
    stop();
    stopLive();
    model.off("change:selected_id", onSelected);
  };
}

export default { render };
