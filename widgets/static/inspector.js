// The Lineage Inspector's front end (common.js opens this module). It renders the controls
// and places the header, cards and choices the kernel rendered; every user action is a
// message to the kernel, which answers by changing traits.

function render({ model, el, host }) {
  el.classList.add("lk-view", "lk-root", "lk-inspector");
  const send = (message) => model.send(message);

  const back = lkButton("◀ Back", "lk-back", "Previous asset", () => send({ type: "back" }));
  const forward = lkButton("Forward ▶", "lk-forward", "Next asset", () => send({ type: "forward" }));
  const [idBox, idInput] = lkInput("lk-asset-id", "id, Pixverse id or words");
  const go = () => send({ type: "go", text: idInput.value });
  idInput.addEventListener("keydown", (event) => { if (event.key === "Enter") go(); });
  const open = lkButton("Open", "lk-go", "Inspect the asset the box names", go);
  const nav = lkElement("div", "lk-row lk-nav");
  nav.append(back, forward, idBox, open);

  const direction = lkElement("select", "lk-select");
  for (const [label, value] of [["both", "both"], ["parents only", "parents"], ["children only", "children"]]) {
    const option = lkElement("option", "", label);
    option.value = value;
    direction.append(option);
  }
  direction.addEventListener("change", () => send({ type: "control", name: "direction", value: direction.value }));
  const labelled = (text, className, control) => {
    const box = lkElement("label", `lk-field ${className}`);
    box.append(lkElement("span", "lk-label", text), control);
    return box;
  };
  const number = (name) => {
    const input = lkElement("input", "lk-input lk-number");
    input.type = "number";
    input.step = "1";
    const commit = () => send({ type: "control", name, value: input.value });
    input.addEventListener("change", commit);
    input.addEventListener("keydown", (event) => { if (event.key === "Enter") commit(); });
    return input;
  };
  const depth = number("max_depth");
  const maxNodes = number("max_nodes");
  const refresh = lkButton("↻ Refresh", "lk-refresh", "Run the query again", () => send({ type: "refresh" }));
  const controls = lkElement("div", "lk-row lk-controls");
  controls.append(
    labelled("Direction", "lk-direction", direction),
    labelled("Depth", "lk-max-depth", depth),
    labelled("Max nodes", "lk-max-nodes", maxNodes),
    refresh,
  );

  const message = lkElement("div", "lk-message");
  const choices = lkElement("div", "lk-choices lk-panel");
  const notice = lkElement("div", "lk-truncated");
  const header = lkElement("div", "lk-header lk-panel");
  const headerNote = lkElement("div", "lk-header-note lk-muted");
  const tabs = lkElement("div", "lk-tabs");
  const tabButtons = {};
  for (const [name, label] of [["cards", "Cards"], ["graph", "Graph"]]) {
    const tab = lkButton(label, `lk-tab lk-tab-${name}`, `Show the ${name}`, () => send({ type: "tab", name }));
    tab.setAttribute("role", "tab");
    tabButtons[name] = tab;
    tabs.append(tab);
  }
  const cards = lkElement("div", "lk-sections lk-panel");
  const graph = lkElement("div", "lk-graph");
  el.append(nav, controls, message, choices, notice, header, headerNote, tabs, cards, graph);
  lkOpenOnClick(choices, model);
  lkOpenOnClick(cards, model);
  lkImageFallback(el);

  const show = (node, text) => {
    node.textContent = text;
    node.hidden = !text;
  };
  const place = lkPlacer(model);
  const draw = () => {
    const history = model.get("history");
    const index = model.get("history_index");
    back.disabled = index <= 0;
    forward.disabled = index >= history.length - 1;
    if (document.activeElement !== idInput) idInput.value = model.get("typed");
    direction.value = model.get("direction");
    if (document.activeElement !== depth) depth.value = String(model.get("max_depth"));
    if (document.activeElement !== maxNodes) maxNodes.value = String(model.get("max_nodes"));
    show(message, model.get("error"));
    show(notice, model.get("notice"));
    show(headerNote, model.get("header_note"));
    place(choices, "choices_html");
    choices.hidden = !model.get("choices_html");
    place(header, "header_html");
    place(cards, "cards_html");
    const tab = model.get("tab");
    for (const [name, button] of Object.entries(tabButtons)) {
      button.classList.toggle("lk-tab-active", name === tab);
      button.setAttribute("aria-selected", String(name === tab));
    }
    cards.hidden = tab !== "cards";
    graph.hidden = tab !== "graph";
  };
  // After Enter the box shows what was opened, even while it keeps the focus.
  const typed = () => { idInput.value = model.get("typed"); };
  model.on("change:typed", typed);

  // The Graph tab holds the graph view, a model of its own.
  let graphRef = null;
  let graphAbort = null;
  const drawGraph = async () => {
    const ref = model.get("graph");
    if (!ref || ref === graphRef || !host) return;
    graphRef = ref;
    if (graphAbort) graphAbort.abort();
    graphAbort = new AbortController();
    graph.replaceChildren();
    const view = await host.getWidget(ref);
    const box = lkElement("div", "lk-graph-box");
    graph.append(box);
    await view.render({ el: box, signal: graphAbort.signal });
  };
  const reveal = () => header.scrollIntoView({ block: "nearest" });

  const names = ["history", "history_index", "direction", "max_depth", "max_nodes", "error",
    "notice", "header_note", "choices_html", "header_html", "cards_html", "tab"];
  const stop = lkOnChange(model, names, draw);
  model.on("change:graph", drawGraph);  // set once, with the inspector
  model.on("change:reveal", reveal);
  const stopLive = lkWatchLive(model, el);
  draw();
  drawGraph();
  return () => {
    stop();
    stopLive();
    model.off("change:typed", typed);
    model.off("change:graph", drawGraph);
    model.off("change:reveal", reveal);
    if (graphAbort) graphAbort.abort();
  };
}

export default { render };
