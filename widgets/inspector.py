"""The Lineage Inspector: one asset, its parents and children, as clickable cards.

An ipywidgets panel over any source the core accepts (Store, Frames, networkx). It runs
the bounded query (:func:`lineage_kit.lineage`) for the selected asset and shows a header
(thumbnail, media type, provider ids, ``2↑ / 3↓``, an *archived* mark), **Parents** and
**Children** cards (one per lineage row; deeper levels grouped by depth), back / forward
history, an id box, the query controls, a truncation notice and a *Graph* tab.

The id box takes a database id, a provider asset id (``374351749764234`` or
``pixverse:374351749764234``), a storage key, a path, or words of a description or prompt
(:func:`lineage_kit.resolve_asset`'s rule): what names one asset opens it; what matches
several shows them as tiles to pick from.

The selection is one trait, ``asset_id`` (``history``, ``history_index`` too): everything
on screen follows them; ``inspector.observe(callback, "asset_id")`` hears every change and
``inspector.asset_id = 102`` selects. Errors a user can cause show inline. Nothing is written.

Examples
--------
>>> import lineage_kit as lk
>>> from lineage_kit.widgets.inspector import LineageInspector
>>> insp = LineageInspector(lk.connect(), user_id=1, asset_id=103)
>>> insp.asset_id, [c.asset_id for c in insp.section("parents").cards]
(103, [102])
>>> insp.section("parents").cards[0].click()
>>> insp.asset_id, insp.history
(102, [103, 102])
>>> insp.back()
True
>>> insp.asset_id, insp.history_index
(103, 0)
>>> insp.id_box.value = "374351749764234"   # a Pixverse id: asset 101
>>> insp.asset_id
101
>>> insp.id_box.value = "harbour"           # several match: pick one
>>> insp.asset_id, [t.asset_id for t in insp.choice_tiles]
(101, [310, 303, 302, 301])
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import traitlets

import lineage_kit as lk

from .cards import AssetCard, Section
from .choices import ChoicePanel, resolve_typed
from .faces import StaticFace, inspector_face
from .gallery import GalleryTile
from .messages import MessageLine, error_message
from .panel import HtmlPanel
from .sections import sections_for
from .templating import render
from .thumbnails import thumbnail

__all__ = ["LineageInspector"]

_TRUNCATED = (
    "Truncated: the view stopped at {max_nodes} assets and more lie beyond. The ↑/↓ counts "
    "on each card show each asset's full number of parents and children; raise Max nodes "
    "or narrow the direction to see more."
)


def _button(label: str, css: str, tip: str, layout: w.Layout) -> w.Button:
    return w.Button(description=label, tooltip=tip, layout=layout).add_class(css)


def _int_box(value: int, label: str, width: int, label_width: int) -> w.IntText:
    return w.IntText(
        value=value,
        description=label,
        layout=w.Layout(width=f"{width}px"),
        style={"description_width": f"{label_width}px"},
    )


class LineageInspector(StaticFace, w.VBox):
    """An ipywidgets panel that inspects one asset's lineage; display it in a notebook.

    Parameters
    ----------
    source
        A :class:`lineage_kit.Store`, :class:`lineage_kit.Frames` or a networkx
        ``MultiDiGraph`` (parent → child), as :func:`lineage_kit.lineage` accepts.
    user_id
        Required keyword: the owner whose assets exist, ``None`` for all owners.
    asset_id
        The asset selected at start: a database id, or text as the id box takes it (an
        unknown one shows an inline message).
    direction, max_depth, max_nodes, count_limit
        Initial query controls (see :func:`lineage_kit.lineage`; past ``count_limit`` a
        card reads ``1000+↓``).
    graph_height
        Pixel height of the graph view.

    Attributes
    ----------
    asset_id : int or None
        Trait: the selected asset.
    history : list of int
        Trait: the assets visited; ``history_index`` (a trait) is the current position.
    result : lineage_kit.Lineage or None
        The answer for the selection.
    sections : list of Section
        The card groups on screen, in order; ``cards`` lists all their cards.
    error : str
        The inline error on show ('' when none).
    choice_tiles : list of GalleryTile
        The assets offered when the id box matched several ([] otherwise).

    Raises
    ------
    lineage_kit.InvalidArgumentType, lineage_kit.InvalidArgument
        An unusable source, ``user_id`` or control value (programming errors;
        what a user types later is reported inline).

    Examples
    --------
    >>> import lineage_kit as lk
    >>> insp = LineageInspector(lk.connect(), user_id=1, asset_id=999)
    >>> insp.error
    'Asset 999 not found for user 1: it does not exist or belongs to another owner.'
    >>> seen = []
    >>> insp.observe(lambda change: seen.append(change["new"]), "asset_id")
    >>> insp.asset_id = 310
    >>> seen, len(insp.section("parents").cards)
    ([310], 4)
    """

    asset_id = traitlets.Int(None, allow_none=True)
    history = traitlets.List(traitlets.Int())
    history_index = traitlets.Int(-1)

    def __init__(
        self,
        source: Any,
        *,
        user_id: int | None,
        asset_id: int | str | None = None,
        direction: str = "both",
        max_depth: int = 1,
        max_nodes: int = 50,
        count_limit: int = 1000,
        graph_height: int = 520,
    ) -> None:
        lk.as_source(source)  # fail now, with the core's message, on an unusable source
        self.source = source
        self.user_id = lk.validate.check_user_id(user_id)
        self.count_limit = lk.validate.check_count_limit(count_limit)
        self.graph_height = lk.validate.bounded_int("graph_height", graph_height, 240, 4000)
        self.result: lk.Lineage | None = None
        self.sections: list[Section] = []
        self.graph: Any = None  # the GraphView, built when the Graph tab is first opened
        self._prefetched: lk.Lineage | None = None
        self._build_controls(direction, max_depth, max_nodes)
        self.message = MessageLine()
        self.choices = ChoicePanel(on_open=self.select)
        self.notice = MessageLine("notice").add_class("lk-truncated")
        self.header = HtmlPanel(render("header.html.j2", node=None)).add_class("lk-header")
        self.cards_view = HtmlPanel(on_open=self.select, styled=False).add_class("lk-sections")
        self.graph_box = w.VBox().add_class("lk-graph")
        self.tabs = w.Tab(children=[self.cards_view, self.graph_box]).add_class("lk-tabs")
        self.tabs.titles = ("Cards", "Graph")
        self.tabs.observe(lambda _c: self._render_graph(), names="selected_index")
        super().__init__(
            [
                self._nav,
                self._controls,
                self.message,
                self.choices,
                self.notice,
                self.header,
                self.tabs,
            ],
            layout=w.Layout(min_width="0", padding="4px"),
        )
        self.add_class("lk-root")
        self.add_class("lk-inspector")
        self._update_nav()
        if asset_id is not None:
            self.select(asset_id)

    def _build_controls(self, direction: str, max_depth: int, max_nodes: int) -> None:
        auto = w.Layout(width="auto")  # one layout model for the four buttons
        self.back_button = _button("◀ Back", "lk-back", "Previous asset", auto)
        self.forward_button = _button("Forward ▶", "lk-forward", "Next asset", auto)
        self.go_button = _button("Open", "lk-go", "Inspect the asset the box names", auto)
        self.refresh_button = _button("↻ Refresh", "lk-refresh", "Run the query again", auto)
        self.id_box = w.Text(
            placeholder="id, Pixverse id or words",
            continuous_update=False,
            layout=w.Layout(width="220px"),
        ).add_class("lk-asset-id")
        self.direction = w.Dropdown(
            options=[("both", "both"), ("parents only", "parents"), ("children only", "children")],
            value=lk.validate.check_direction(direction),
            description="Direction",
            layout=w.Layout(width="210px"),
            style={"description_width": "64px"},
        ).add_class("lk-direction")
        self.max_depth = _int_box(lk.validate.check_max_depth(max_depth), "Depth", 115, 44)
        self.max_nodes = _int_box(lk.validate.check_max_nodes(max_nodes), "Max nodes", 150, 72)
        self.max_depth.add_class("lk-max-depth")
        self.max_nodes.add_class("lk-max-nodes")
        self.back_button.on_click(lambda _b: self.back())
        self.forward_button.on_click(lambda _b: self.forward())
        self.go_button.on_click(lambda _b: self.select(self.id_box.value))
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.id_box.observe(self._id_typed, names="value")
        for control in (self.direction, self.max_depth, self.max_nodes):
            control.observe(lambda _c: self.asset_id is None or self.refresh(), names="value")
        wrap = w.Layout(flex_flow="row wrap", align_items="center")
        self._nav = w.HBox(
            [self.back_button, self.forward_button, self.id_box, self.go_button], layout=wrap
        ).add_class("lk-nav")
        self._controls = w.HBox(
            [self.direction, self.max_depth, self.max_nodes, self.refresh_button], layout=wrap
        ).add_class("lk-controls")

    # --- public actions -----------------------------------------------------------------
    def select(self, asset_id: int | str) -> bool:
        """Inspect ``asset_id`` (a database id, or typed text); return whether it worked.

        Text is resolved in scope as the id box does: a database id, a provider asset id,
        a key, a path or words that name one asset; several matches are shown as tiles to
        pick from. The query runs first: when it fails the inline message says why and the
        selection stays as it was. On success the asset joins the history (dropping any
        forward entries). Selecting the asset on show runs its query again.
        """
        self.choices.offer(None)
        try:
            aid = resolve_typed(self.source, asset_id, user_id=self.user_id)
            if isinstance(aid, lk.FindResult):  # several match: offered, nothing chosen yet
                self.choices.offer(aid)
                return False
            if aid == self.asset_id:
                return self.refresh()
            self._prefetched = self._query(aid)
        except Exception as exc:
            self.message.show(error_message(exc, self.user_id))
            return False
        self.asset_id = aid
        return not self.error

    @property
    def choice_tiles(self) -> list[GalleryTile]:
        """The assets offered when the id box matched several ([] otherwise)."""
        return self.choices.tiles

    def refresh(self) -> bool:
        """Run the query again for the selection with the current controls."""
        if self.asset_id is None:
            if self.id_box.value.strip():
                return self.select(self.id_box.value)
            self.message.show("Type an asset id first.")
            return False
        try:
            self._show(self._query(self.asset_id))
        except Exception as exc:
            self.message.show(error_message(exc, self.user_id))
            return False
        return True

    def back(self) -> bool:
        """Go to the previous asset in the history."""
        return self._go(-1)

    def forward(self) -> bool:
        """Go to the next asset in the history (after a back)."""
        return self._go(+1)

    def section(self, key: str) -> Section:
        """The section with this key (``parents``, ``children``, ``ancestors-2``, …)."""
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(f"no section {key!r}; shown: {', '.join(s.key for s in self.sections)}")

    @property
    def cards(self) -> list[AssetCard]:
        """Every card on screen, section by section."""
        return [c for s in self.sections for c in s.cards]

    @property
    def error(self) -> str:
        """The inline error on show ('' when none)."""
        return self.message.text

    # --- the traits -----------------------------------------------------------------------
    @traitlets.observe("asset_id")
    def _asset_id_changed(self, change: dict[str, Any]) -> None:
        aid = change["new"]
        res, self._prefetched = self._prefetched, None
        if aid is None:
            self._show(None)
            return
        if res is None or res.root_asset_id != aid:
            try:
                res = self._query(aid)
            except Exception as exc:
                self._show(None)
                self.message.show(error_message(exc, self.user_id))
                return
        if not (0 <= self.history_index < len(self.history)) or (
            self.history[self.history_index] != aid
        ):
            self.history = [*self.history[: self.history_index + 1], aid]
            self.history_index = len(self.history) - 1
        self._show(res)

    @traitlets.validate("history_index")
    def _valid_index(self, proposal: dict[str, Any]) -> int:
        index = int(proposal["value"])
        if not -1 <= index < len(self.history) or (index == -1 and self.history):
            raise traitlets.TraitError(
                f"history_index must be from 0 to {len(self.history) - 1}; got {index}"
            )
        return index

    @traitlets.observe("history_index")
    def _history_index_changed(self, change: dict[str, Any]) -> None:
        if change["new"] >= 0 and self.history[change["new"]] != self.asset_id:
            self.asset_id = self.history[change["new"]]
        self._update_nav()

    # --- internals ----------------------------------------------------------------------
    def _go(self, step: int) -> bool:
        target = self.history_index + step
        if not 0 <= target < len(self.history):
            return False
        self.history_index = target
        return not self.error

    def _query(self, aid: int) -> lk.Lineage:
        return lk.lineage(
            self.source,
            aid,
            user_id=self.user_id,
            direction=self.direction.value,
            max_depth=self.max_depth.value,
            max_nodes=self.max_nodes.value,
            count_limit=self.count_limit,
        )

    def _id_typed(self, change: dict[str, Any]) -> None:
        text = str(change["new"]).strip()
        if not text or text == str(self.asset_id):
            return  # the box showing the selection, or cleared
        self.select(text)

    def _update_nav(self) -> None:
        self.back_button.disabled = self.history_index <= 0
        self.forward_button.disabled = self.history_index >= len(self.history) - 1

    def _show(self, res: lk.Lineage | None) -> None:
        first = self.result is None
        self.result = res
        self.message.show("")
        self._update_nav()
        opener = self.cards_view.open_asset
        self.sections = [] if res is None else sections_for(res, opener, self.source)
        self.header.html = render(
            "header.html.j2",
            node=None if res is None else res.root,
            result=res,
            thumb=None if res is None else thumbnail(res.root.asset, 140),
        )
        self.cards_view.html = render("sections.html.j2", sections=self.sections)
        self.notice.show(
            _TRUNCATED.format(max_nodes=res.max_nodes) if res and res.truncated else ""
        )
        if res is not None:
            self.id_box.value = str(res.root_asset_id)
            if not first:
                self.header.reveal += 1  # the browser brings the new selection into view
        self._render_graph()

    def _render_graph(self) -> None:
        """Draw the graph tab only while it is visible."""
        if self.tabs.selected_index != 1 or self.result is None:
            return
        if self.graph is None:
            from .graph import GraphView

            self.graph = GraphView(self.result, height_px=self.graph_height)
            self.graph.observe(self._graph_clicked, names="selected")
            self.graph_box.children = [self.graph]
        else:
            self.graph.lineage = self.result

    def _graph_clicked(self, change: dict[str, Any]) -> None:
        if change["new"] is not None and change["new"] != self.asset_id:
            self.select(change["new"])

    def _static_face(self) -> tuple[str, str]:
        return inspector_face(self.result, self.sections, self.error)
