"""The Lineage Inspector: one asset, its parents and children, as clickable cards.

An ipywidgets panel over any source the core accepts (a :class:`lineage_kit.Store`,
:class:`lineage_kit.Frames` or a networkx ``MultiDiGraph``). It runs the one
bounded neighbourhood query (:func:`lineage_kit.lineage`) for the selected asset
and shows

- a header: thumbnail, media type, provider, provider asset id, id, description,
  the ``parent_count↑ / child_count↓`` degree, an *archived* mark;
- **Parents** and **Children** sections, one card per lineage row (a transition
  that uses one image twice shows it twice), each with a relation · operation
  badge, the sequence order when it matters and the temporal details; deeper
  levels grouped by depth ("Ancestors, depth −2");
- back / forward history, an asset-id box, direction / max depth / max nodes,
  a refresh button, a notice when the answer was truncated;
- a *Graph* tab drawn by :func:`lineage_kit.widgets.graph.iframe_html` when it is available.

Errors a user can cause (an unknown or foreign id, garbage in the id box, a
negative depth) are shown inline, never as a traceback. Nothing is written.

Examples
--------
>>> import lineage_kit as lk
>>> from lineage_kit.widgets.inspector import LineageInspector
>>> insp = LineageInspector(lk.connect(), user_id=1, asset_id=103)
>>> insp.selected_id, [c.asset_id for c in insp.section("parents").cards]
(103, [102])
>>> insp.section("parents").cards[0].button.click()
>>> insp.selected_id, insp.history
(102, [103, 102])
"""

from __future__ import annotations

import functools
import html
import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w

import lineage_kit as lk

from .cards import (
    AssetCard,
    counts_html,
    media_chip_html,
    style_widget,
    thumbnail_html,
)

__all__ = ["LineageInspector", "Section", "error_message", "parse_asset_id"]

_esc = html.escape
_ID_TEXT = re.compile(r"[+-]?[0-9]{1,25}")


def parse_asset_id(value: Any) -> int:
    """An asset id from an int or from what a user typed (``" 103 "``, ``"#103"``).

    Raises
    ------
    ValueError, TypeError
        With a message that says what was wrong and what is allowed.

    Examples
    --------
    >>> parse_asset_id(" #103 ")
    103
    >>> parse_asset_id("abc")
    Traceback (most recent call last):
    ...
    ValueError: asset id must be a whole number such as 103; got 'abc'
    """
    if isinstance(value, str):
        text = value.strip().removeprefix("#").strip()
        if not text:
            raise ValueError("type an asset id (a whole number such as 103)")
        if not _ID_TEXT.fullmatch(text):
            shown = value if len(value) <= 40 else value[:40] + "…"
            raise ValueError(f"asset id must be a whole number such as 103; got {shown!r}")
        return lk.validate.check_asset_id(int(text), "asset id")
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return lk.validate.check_asset_id(value, "asset id")
    raise TypeError(f"asset id must be an integer or its text, not {type(value).__name__}")


def error_message(exc: BaseException, user_id: int | None) -> str:
    """The plain-text sentence the UI shows for an error (no traceback).

    >>> error_message(lk.AssetNotFound(999, 1), 1)
    'Asset 999 not found for user 1: it does not exist or belongs to another owner.'
    """
    if isinstance(exc, lk.AssetNotFound):
        scope = "any owner" if user_id is None else f"user {user_id}"
        return (
            f"Asset {exc.asset_id} not found for {scope}: "
            "it does not exist or belongs to another owner."
        )
    if isinstance(exc, (ValueError, TypeError)):
        text = str(exc)
        return f"Invalid input: {text[:1].lower()}{text[1:]}."
    if isinstance(exc, lk.StoreError):
        return f"Could not read the lineage database: {exc}"
    return f"Unexpected error ({type(exc).__name__}): {exc}"


@dataclass
class Section:
    """A group of cards: ``parents``, ``children``, ``ancestors-2``, ``descendants-3``, …"""

    key: str
    title: str
    cards: list[AssetCard] = field(default_factory=list)
    note: str = ""
    """A remark such as "2 more not shown (truncated)"."""


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """Widget callbacks: any error becomes the inline message, never a traceback."""

    @functools.wraps(method)
    def run(self: LineageInspector, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            self._show_error(exc)
            return False

    return run


class LineageInspector(w.VBox):
    """An ipywidgets panel that inspects one asset's lineage; display it in a notebook.

    Parameters
    ----------
    source
        A :class:`lineage_kit.Store`, :class:`lineage_kit.Frames` or a networkx
        ``MultiDiGraph`` (parent → child), as :func:`lineage_kit.lineage` accepts.
    user_id
        Required keyword: the owner whose assets exist, ``None`` for all owners.
    asset_id
        The asset selected at start (an unknown id shows an inline message).
    direction, max_depth, max_nodes
        Initial query controls (see :func:`lineage_kit.lineage`).
    graph_height
        Pixel height of the graph view.

    Attributes
    ----------
    selected_id : int or None
        The asset shown.
    result : lineage_kit.Lineage or None
        The answer for it.
    history : list of int
        Visited assets; ``history_index`` is the current position.
    sections : list of Section
        The card groups on screen, in order.
    message : ipywidgets.HTML
        The inline error (``error`` holds its text, '' when none).

    Raises
    ------
    TypeError, ValueError
        An unusable source, ``user_id`` or control value (programming errors;
        what a user types later is reported inline).

    Examples
    --------
    >>> import lineage_kit as lk
    >>> insp = LineageInspector(lk.connect(), user_id=1, asset_id=999)
    >>> insp.error
    'Asset 999 not found for user 1: it does not exist or belongs to another owner.'
    """

    def __init__(
        self,
        source: Any,
        *,
        user_id: int | None,
        asset_id: int | str | None = None,
        direction: str = "both",
        max_depth: int = 1,
        max_nodes: int = 50,
        graph_height: int = 520,
    ) -> None:
        lk.as_source(source)  # fail now, with the core's message, on an unusable source
        self.source = source
        self.user_id = lk.validate.check_user_id(user_id)
        self.graph_height = int(graph_height)
        self.selected_id: int | None = None
        self.result: lk.Lineage | None = None
        self.history: list[int] = []
        self.history_index = -1
        self.sections: list[Section] = []
        self.error = ""
        self._on_select: list[Callable[[int], Any]] = []
        self._syncing = False
        self._graph_for: lk.Lineage | None = None

        def button(label: str, css: str, tip: str) -> w.Button:
            b = w.Button(description=label, tooltip=tip, layout=w.Layout(width="auto"))
            return b.add_class(css)

        self.back_button = button("◀ Back", "lk-back", "Previous asset")
        self.forward_button = button("Forward ▶", "lk-forward", "Next asset")
        self.id_box = w.Text(
            placeholder="asset id",
            continuous_update=False,
            layout=w.Layout(width="110px"),
        ).add_class("lk-asset-id")
        self.go_button = button("Open", "lk-go", "Inspect the asset whose id is in the box")
        self.direction = w.Dropdown(
            options=[("both", "both"), ("parents only", "parents"), ("children only", "children")],
            value=lk.validate.check_direction(direction),
            description="Direction",
            layout=w.Layout(width="210px"),
            style={"description_width": "64px"},
        ).add_class("lk-direction")
        self.max_depth = w.IntText(
            value=lk.validate.check_max_depth(max_depth),
            description="Depth",
            layout=w.Layout(width="115px"),
            style={"description_width": "44px"},
        ).add_class("lk-max-depth")
        self.max_nodes = w.IntText(
            value=lk.validate.check_max_nodes(max_nodes),
            description="Max nodes",
            layout=w.Layout(width="150px"),
            style={"description_width": "72px"},
        ).add_class("lk-max-nodes")
        self.refresh_button = button("↻ Refresh", "lk-refresh", "Run the query again")
        self.message = w.HTML(layout=w.Layout(display="none")).add_class("lk-message")
        self.notice = w.HTML(layout=w.Layout(display="none")).add_class("lk-truncated")
        self.status = w.HTML().add_class("lk-status")
        self.header = w.HTML().add_class("lk-header")
        self.cards_box = w.VBox().add_class("lk-sections")
        self.graph = w.HTML().add_class("lk-graph")
        self.tabs = w.Tab(children=[self.cards_box, self.graph]).add_class("lk-tabs")
        self.tabs.titles = ("Cards", "Graph")

        nav = w.HBox(
            [self.back_button, self.forward_button, self.id_box, self.go_button],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
        ).add_class("lk-nav")
        controls = w.HBox(
            [self.direction, self.max_depth, self.max_nodes, self.refresh_button],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
        ).add_class("lk-controls")
        super().__init__(
            [
                style_widget(),
                nav,
                controls,
                self.message,
                self.notice,
                self.header,
                self.status,
                self.tabs,
            ],
            layout=w.Layout(min_width="0", padding="4px"),
        )
        self.add_class("lk-root")
        self.add_class("lk-inspector")

        self.back_button.on_click(lambda _b: self.back())
        self.forward_button.on_click(lambda _b: self.forward())
        self.go_button.on_click(lambda _b: self.select(self.id_box.value))
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.id_box.observe(self._id_typed, names="value")
        for control in (self.direction, self.max_depth, self.max_nodes):
            control.observe(self._control_changed, names="value")
        self.tabs.observe(lambda _c: self._render_graph(), names="selected_index")

        self._update_nav()
        if asset_id is None:
            self.header.value = (
                '<div class="lk-muted">Type an asset id above (or pick one in the gallery) '
                "to see where it came from and what was made from it.</div>"
            )
        else:
            self.select(asset_id)

    # --- public actions -----------------------------------------------------------------
    @_guarded
    def select(self, asset_id: int | str) -> bool:
        """Inspect ``asset_id`` (an int or typed text); returns whether it worked.

        On success the asset joins the history (dropping any forward entries);
        on failure the inline message says why and the view is unchanged.
        """
        aid = parse_asset_id(asset_id)
        if aid == self.selected_id and self.result is not None:
            return self.refresh()
        res = self._query(aid)
        del self.history[self.history_index + 1 :]
        self.history.append(aid)
        self.history_index = len(self.history) - 1
        self._show(res)
        for callback in self._on_select:
            callback(aid)
        return True

    @_guarded
    def refresh(self) -> bool:
        """Run the query again for the selection with the current controls."""
        if self.selected_id is None:
            if self.id_box.value.strip():
                return self.select(self.id_box.value)
            self._set_message("Type an asset id first.")
            return False
        self._show(self._query(self.selected_id))
        return True

    def back(self) -> bool:
        """Go to the previous asset in the history."""
        return self._go(-1)

    def forward(self) -> bool:
        """Go to the next asset in the history (after a back)."""
        return self._go(+1)

    def on_select(self, callback: Callable[[int], Any]) -> None:
        """Call ``callback(asset_id)`` whenever the selection changes (Back/Forward too)."""
        self._on_select.append(callback)

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

    # --- internals ----------------------------------------------------------------------
    @_guarded
    def _go(self, step: int) -> bool:
        target = self.history_index + step
        if not 0 <= target < len(self.history):
            return False
        res = self._query(self.history[target])
        self.history_index = target
        self._show(res)
        for callback in self._on_select:  # e.g. the gallery's outline follows Back/Forward
            callback(self.history[target])
        return True

    def _query(self, aid: int) -> lk.Lineage:
        return lk.lineage(
            self.source,
            aid,
            user_id=self.user_id,
            direction=self.direction.value,
            max_depth=self.max_depth.value,
            max_nodes=self.max_nodes.value,
        )

    def _id_typed(self, change: dict[str, Any]) -> None:
        if not self._syncing and str(change["new"]).strip():
            self.select(change["new"])

    def _control_changed(self, _change: dict[str, Any]) -> None:
        if self.selected_id is not None:
            self.refresh()

    def _set_message(self, text: str) -> None:
        self.error = text
        self.message.value = _esc(text)
        self.message.layout.display = "" if text else "none"

    def _show_error(self, exc: BaseException) -> None:
        self._set_message(error_message(exc, self.user_id))

    def _update_nav(self) -> None:
        self.back_button.disabled = self.history_index <= 0
        self.forward_button.disabled = self.history_index >= len(self.history) - 1

    def _show(self, res: lk.Lineage) -> None:
        self.result = res
        self.selected_id = res.root_asset_id
        self._set_message("")
        self._syncing = True
        try:
            self.id_box.value = str(res.root_asset_id)
        finally:
            self._syncing = False
        self._update_nav()
        self.header.value = _header_html(res.root)
        self.status.value = (
            f'<span class="lk-muted">{len(res.nodes)} assets, {len(res.edges)} lineage rows · '
            f"direction {_esc(res.direction)} · depth ≤ {res.max_depth} · "
            f"max {res.max_nodes} nodes</span>"
        )
        if res.truncated:
            self.notice.value = (
                f"<b>Truncated:</b> the view stopped at {res.max_nodes} assets and more lie "
                "beyond. The ↑/↓ counts on each card show each asset's full number of parents "
                "and children; raise <i>Max nodes</i> or narrow the direction to see more."
            )
            self.notice.layout.display = ""
        else:
            self.notice.value = ""
            self.notice.layout.display = "none"
        self.sections = self._sections(res)
        old = self.cards_box.children
        self.cards_box.children = [self._section_widget(s) for s in self.sections]
        for widget in old:  # each view builds ~45 widgets: free the last one's in kernel and page
            _close_tree(widget)
        self._render_graph()

    def _card(self, node: lk.Node, edge: lk.Edge, child_inputs: int, via: str = "") -> AssetCard:
        return AssetCard(node, edge, child_inputs=child_inputs, via=via, on_open=self.select)

    def _sections(self, res: lk.Lineage) -> list[Section]:
        root = res.root
        depth = {n.id: n.depth for n in res.nodes}
        out: list[Section] = []
        if res.direction in ("both", "parents"):
            rows = res.parents_of(root.id)
            cards = [self._card(res.node(e.parent_asset_id), e, root.parent_count) for e in rows]
            out.append(Section("parents", "Parents", cards, _beyond(root.parent_count, len(rows))))
            out.extend(self._deeper(res, depth, upward=True))
        if res.direction in ("both", "children"):
            rows = res.children_of(root.id)
            cards = [
                self._card(res.node(e.child_asset_id), e, res.node(e.child_asset_id).parent_count)
                for e in rows
            ]
            out.append(Section("children", "Children", cards, _beyond(root.child_count, len(rows))))
            out.extend(self._deeper(res, depth, upward=False))
        return out

    def _deeper(self, res: lk.Lineage, depth: dict[int, int], *, upward: bool) -> list[Section]:
        """Levels 2 … max_depth: one card per row linking a level to the one nearer the root."""
        out = []
        for k in range(2, res.max_depth + 1):
            nearer = [n for n in res.nodes if n.depth == (-(k - 1) if upward else k - 1)]
            cards = []
            for n in nearer:
                if upward:
                    for e in res.parents_of(n.id):
                        if depth.get(e.parent_asset_id) == -k:
                            cards.append(
                                self._card(
                                    res.node(e.parent_asset_id), e, n.parent_count, f"→ {n.id}"
                                )
                            )
                else:
                    for e in res.children_of(n.id):
                        if depth.get(e.child_asset_id) == k:
                            child = res.node(e.child_asset_id)
                            cards.append(self._card(child, e, child.parent_count, f"{n.id} →"))
            if not cards:
                break
            title = f"Ancestors, depth −{k}" if upward else f"Descendants, depth +{k}"
            out.append(Section(f"{'ancestors' if upward else 'descendants'}-{k}", title, cards))
        return out

    def _section_widget(self, s: Section) -> w.VBox:
        note = f' <span class="lk-muted">{_esc(s.note)}</span>' if s.note else ""
        title = w.HTML(
            f'<div class="lk-section-title">{_esc(s.title)} '
            f'<span class="lk-muted">({len(s.cards)})</span>{note}</div>'
        ).add_class("lk-section-title-widget")
        body: list[w.Widget] = list(s.cards)
        if not body:
            body = [w.HTML('<span class="lk-muted">none</span>').add_class("lk-empty")]
        # A grid keeps every card the same width, whatever the panel's width.
        grid = w.GridBox(
            body,
            layout=w.Layout(grid_template_columns="repeat(auto-fill, minmax(240px, 1fr))"),
        )
        return (
            w.VBox([title, grid.add_class("lk-cards")])
            .add_class("lk-section")
            .add_class(f"lk-section-{s.key}")
        )

    def _render_graph(self) -> None:
        """Draw the graph tab only while it is visible (the page is large)."""
        if self.tabs.selected_index != 1 or self.result is None:
            return
        if self._graph_for is self.result:
            return
        try:
            from .graph import iframe_html  # pyvis is loaded only when the tab is opened
        except ImportError:
            self.graph.value = '<p class="lk-muted">graph view unavailable</p>'
            return
        try:
            self.graph.value = _GRAPH_BRIDGE + iframe_html(self.result, height_px=self.graph_height)
        except Exception as exc:  # the cards stay usable whatever the graph view does
            self.graph.value = f'<p class="lk-message">graph view failed: {_esc(str(exc))}</p>'
        self._graph_for = self.result


# The graph document posts {type: "lineage_kit:select", asset_id} to its parent when a node
# is clicked. Widgets cannot run <script>, but an inline onload handler does run: it installs
# one page-wide listener that accepts the message only from an inspector's own graph frame
# and types the id into that inspector's asset-id box, which selects it in the kernel.
_BRIDGE_JS = (
    "if(!window.__lkGraphBridge){window.__lkGraphBridge=true;"
    "window.addEventListener('message',function(e){"
    "var d=e.data;if(!d||d.type!=='lineage_kit:select'){return;}"
    "var id=parseInt(d.asset_id,10);if(!(id>=0)){return;}"
    "var frames=document.querySelectorAll('.lk-graph iframe');"
    "for(var i=0;i<frames.length;i++){if(frames[i].contentWindow!==e.source){continue;}"
    "var root=frames[i].closest('.lk-inspector');"
    "var box=root&&root.querySelector('.lk-asset-id input');"
    "if(box){box.value=String(id);box.dispatchEvent(new Event('change',{bubbles:true}));}}"
    "});}"
)
_GRAPH_BRIDGE = (
    '<img alt="" width="1" height="1" style="display:none" '
    'src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" '
    f'onload="{_esc(_BRIDGE_JS, quote=True)}">'
)


def _beyond(total: int, shown: int) -> str:
    missing = total - shown
    return f"{missing} more not shown" if missing > 0 else ""


def _header_html(node: lk.Node) -> str:
    a = node.asset
    archived = ' <span class="lk-archived">archived</span>' if a.is_archived else ""
    local = (
        f'<div class="lk-line lk-muted">local file: {_esc(a.local_path)}</div>'
        if a.local_path
        else ""
    )
    return (
        f'<div class="lk-header-body" data-asset-id="{a.id}">{thumbnail_html(a, 140)}'
        '<div class="lk-card-text">'
        f'<div class="lk-title">Asset {a.id}{archived}</div>'
        f'<div class="lk-line">{media_chip_html(a.media_type)} '
        f'<span class="lk-provider">{_esc(a.provider_id or "?")}</span> · '
        f'<span class="lk-pid">{_esc(a.provider_asset_id or "")}</span></div>'
        f'<div class="lk-line">id <b class="lk-id">{a.id}</b> · '
        f"{counts_html(node.parent_count, node.child_count)}</div>"
        f'<div class="lk-line lk-description">{_esc(a.description or "")}</div>{local}'
        "</div></div>"
    )


def _close_tree(widget: w.Widget) -> None:
    """Close a widget and everything inside it (``close`` alone leaves the children open)."""
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    for part in ("layout", "style"):  # separate widgets of their own
        sub = getattr(widget, part, None)
        if isinstance(sub, w.Widget):
            sub.close()
    widget.close()
