// Draws a lineage graph with vis-network. Shared by the standalone page (a classic script:
// this declares a global function) and the notebook widget (the same text opens its module).
// data = {nodes, edges, options} as lineage_kit serialised them; onSelect(id) hears a click
// on one node; `head` is the element holding the title line and legend.
function lineageKitDraw(container, vis, data, onSelect, head) {
  const network = new vis.Network(
    container,
    { nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) },
    data.options,
  );
  const selected = head ? head.querySelector(".lk-selected-note") : null;
  const hint = head ? head.querySelector(".lk-zoom-hint") : null;
  network.on("click", (params) => {
    if (!params.nodes || params.nodes.length !== 1) return;
    const id = params.nodes[0];
    if (selected) selected.textContent = `Selected asset ${id}.`;
    onSelect(id);
  });
  const font = data.options.edges.font.size;
  const readable = data.options.edges.scaling.label.drawThreshold - 1;
  const zoomHint = () => {
    if (hint) {
      hint.textContent =
        network.getScale() * font < readable ? "Zoom in (scroll) to read the relation labels." : "";
    }
  };
  network.on("zoom", zoomHint);
  network.once("afterDrawing", zoomHint);
  return network;
}
