// The notebook face of the graph (an anywidget module; common.js and graph_draw.js open it).
// vis-network reaches the page once: its source lives in one shared "library" model, which
// every graph view references; the first view on the page turns it into a module (a blob
// URL, as anywidget loads modules) and all views share the result.

const LIBRARY_KEY = "__lineageKitVisNetwork";

function loadVis(model, host) {
  if (!globalThis[LIBRARY_KEY]) {
    globalThis[LIBRARY_KEY] = (async () => {
      const library = await host.getModel(model.get("library"));
      if (!library.get("source")) {  // sent when the first graph is drawn
        await new Promise((resolve) => library.on("change:source", resolve));
      }
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
    globalThis[LIBRARY_KEY].catch(() => { delete globalThis[LIBRARY_KEY]; });
  }
  return globalThis[LIBRARY_KEY];
}

async function render({ model, el, host }) {
  el.classList.add("lk-view", "lk-graph-view");
  const head = lkElement("div", "lk-graph-head");
  const canvas = lkElement("div", "lk-graph-canvas");
  el.append(head, canvas);
  const stopLive = lkWatchLive(model, el);
  if (!model.get("nodes").length) {  // blank until a graph is given: wait for it
    await new Promise((resolve) => model.on("change:nodes", resolve));
  }
  const vis = await loadVis(model, host);
  let network = null;
  const draw = () => {
    head.innerHTML = model.get("head");
    canvas.style.height = `${model.get("height")}px`;
    if (network) network.destroy();
    const data = { nodes: model.get("nodes"), edges: model.get("edges"), options: model.get("options") };
    network = lineageKitDraw(canvas, vis, data, (id) => model.send({ type: "select", asset_id: id }), head);
    el.lineageKitNetwork = network; // a handle for tests and for the curious
  };
  const stop = lkOnChange(model, ["nodes", "edges", "options", "head", "height"], draw);
  draw();
  return () => {
    stop();
    stopLive();
    if (network) network.destroy();
  };
}

export default { render };
