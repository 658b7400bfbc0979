// The app's front end (common.js opens this module): the gallery and the inspector, each a
// model and module of its own, rendered side by side (stacked when narrow, inspector first).

async function render({ model, el, host }) {
  el.classList.add("lk-view", "lk-app");
  const body = lkElement("div", "lk-app-body");
  const gallery = lkElement("div", "lk-app-gallery");
  const inspector = lkElement("div", "lk-app-inspector");
  body.append(gallery, inspector);
  el.append(body);
  const stopLive = lkWatchLive(model, el);
  const controller = new AbortController();
  const place = async (name, box) => {
    const view = await host.getWidget(model.get(name));
    await view.render({ el: box, signal: controller.signal });
  };
  await Promise.all([place("gallery", gallery), place("inspector", inspector)]);
  return () => {
    stopLive();
    controller.abort();
  };
}

export default { render };
