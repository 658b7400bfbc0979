// The notebook face of the graph (an anywidget module; graph_draw.js is prepended to it).
// vis-network reaches the page once: its source lives in one shared "library" model, which
// every graph view references; the first view on the page turns it into a module (a blob
// URL, as anywidget loads modules) and all views share the result.

const LIBRARY_KEY = "__lineageKitVisNetwork";

function loadVis(model) {
  if (!globalThis[LIBRARY_KEY]) {
    globalThis[LIBRARY_KEY] = (async () => {
      const ref = model.get("library");
      const library = await model.widget_manager.get_model(ref.slice("IPY_MODEL_".length));
      // vis-network is a UMD bundle: hand it a CommonJS module object (and no AMD define).
      const code =
        "const module = { exports: {} };\n(function (module, exports, define) {\n" +
        library.get("source") +
        "\n}).call(globalThis, module, module.exports, undefined);\nexport default module.exports;\n";
      const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
      try {
        return (await import(/* webpackIgnore: true */ url)).default;
      } finally {
        URL.revokeObjectURL(url);
      }
    })();
  }
  return globalThis[LIBRARY_KEY];
}

async function render({ model, el }) {
  el.classList.add("lk-graph-view");
  const head = document.createElement("div");
  head.className = "lk-graph-head";
  const canvas = document.createElement("div");
  canvas.className = "lk-graph-canvas";
  el.append(head, canvas);
  const vis = await loadVis(model);
  let network = null;
  let pending = false;
  const draw = () => {
    pending = false;
    head.innerHTML = model.get("head");
    canvas.style.height = `${model.get("height")}px`;
    if (network) network.destroy();
    const data = { nodes: model.get("nodes"), edges: model.get("edges"), options: model.get("options") };
    network = lineageKitDraw(canvas, vis, data, (id) => {
      model.set("selected", id);
      model.save_changes();
    }, head);
    el.lineageKitNetwork = network; // a handle for tests and for the curious
  };
  const schedule = () => {
    if (!pending) {
      pending = true;
      queueMicrotask(draw);
    }
  };
  const names = ["nodes", "edges", "options", "head", "height"];
  for (const name of names) model.on(`change:${name}`, schedule);
  draw();
  return () => {
    for (const name of names) model.off(`change:${name}`, schedule);
    if (network) network.destroy();
  };
}

export default { render };
