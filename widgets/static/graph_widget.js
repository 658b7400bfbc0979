// The notebook face of the graph (an anywidget module; common.js and graph_draw.js open it).
// vis-network reaches the page once: the first view asks its kernel for the source (a
// message, so no saved notebook carries it), turns it into a module (a blob URL, as
// anywidget loads modules) and every view on the page shares the result.

const LIBRARY_KEY = "__lineageKitVisNetwork";

function loadVis(model) {
  if (!globalThis[LIBRARY_KEY]) {
    globalThis[LIBRARY_KEY] = (async () => {
      const source = await new Promise((resolve) => {
        const onMessage = (message) => {
          if (message && message.type === "vis") {
            model.off("msg:custom", onMessage);
            resolve(message.source);
          }
        };
        model.on("msg:custom", onMessage);
        model.send({ type: "vis" });
      });
      // vis-network is a UMD bundle: hand it a CommonJS module object (and no AMD define).
      const code =
        "const module = { exports: {} };\n(function (module, exports, define) {\n" +
        source +
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

async function render({ model, el }) {
  el.classList.add("lk-view", "lk-graph-view");
  const head = lkElement("div", "lk-graph-head");
  const canvas = lkElement("div", "lk-graph-canvas");
  el.append(head, canvas);
  const stopLive = lkWatchLive(model, el);
  if (!model.get("nodes").length) {  // blank until a graph is given: wait for it
    await new Promise((resolve) => model.on("change:nodes", resolve));
  }
  const vis = await loadVis(model);
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
