"""The Lineage Inspector: one asset, its parents and children, as clickable cards.

One anywidget over any source the core accepts (Store, Frames, networkx). It runs the
bounded query (:func:`lineage_kit.lineage`) for the selected asset and shows a header
(thumbnail, media type, provider ids, ``2↑ / 3↓``, an *archived* mark), **Parents** and
**Children** cards (one per lineage row; deeper levels grouped by depth), back / forward
history, an id box, the query controls, a truncation notice and a *Graph* tab (a
:class:`~lineage_kit.widgets.graph.GraphView`, made when the tab is first opened).

The id box takes a database id, a provider asset id (``374351749764234`` or
``pixverse:374351749764234``), a storage key, a path, or words of a description or prompt
(:func:`lineage_kit.resolve_asset`'s rule): what names one asset opens it; what matches
several shows them as tiles to pick from.

The state is traits (``asset_id``, ``history``, the controls, ``tab``, the rendered answer):
``inspector.observe(callback, "asset_id")`` hears every change of the selection and
``inspector.asset_id = 102`` selects. The kit's errors show inline; nothing is written.

Examples
--------
>>> import lineage_kit as lk
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
>>> insp.receive({"type": "go", "text": "374351749764234"})   # the id box: asset 101
>>> insp.asset_id
101
>>> insp.receive({"type": "go", "text": "harbour"})           # several match: pick one
>>> insp.asset_id, [t.asset_id for t in insp.choice_tiles]
(101, [310, 303, 302, 301])
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import traitlets

import lineage_kit as lk

from .cards import AssetCard, Section
from .changes import Refreshing
from .choices import choice_tiles, choices_html, resolve_typed
from .faces import StaticFace
from .graph_tab import GraphTab
from .history import History
from .inspector_display import InspectorDisplay
from .inspector_events import CONTROLS, InspectorEvents
from .messages import error_message
from .screen import Screen
from .templating import static_text
from .tiles import GalleryTile
from .view import ViewWidget

__all__ = ["LineageInspector"]


class LineageInspector(
    Refreshing, InspectorEvents, GraphTab, History, InspectorDisplay, StaticFace, ViewWidget
):
    """An anywidget that inspects one asset's lineage; display it in a notebook.

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
    direction, max_depth, max_nodes, tab : traits
        The query controls (changing one runs the query again); ``"cards"`` or ``"graph"``.
    result : lineage_kit.Lineage or None
        The answer for the selection.
    error : str
        Trait: the inline error on show ('' when none).
    header_note : str
        Trait: one more line of plain text under the header ('' for none).
    card_marks : dict of int to str
        Trait: a mark (``"new"``, ``"removed"``, …) for the card of a lineage row, by row id.

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

    _esm = static_text("live.js") + static_text("common.js") + static_text("inspector.js")
    _css = static_text("view.css") + static_text("assets.css")

    asset_id = traitlets.Int(None, allow_none=True).tag(sync=True)
    direction = traitlets.Unicode("both").tag(sync=True)
    max_depth = traitlets.Int(1).tag(sync=True)
    max_nodes = traitlets.Int(50).tag(sync=True)
    tab = traitlets.Enum(("cards", "graph"), "cards").tag(sync=True)
    typed = traitlets.Unicode("").tag(sync=True)
    header_html = traitlets.Unicode("").tag(sync=True)
    header_note = traitlets.Unicode("").tag(sync=True)
    cards_html = traitlets.Unicode("").tag(sync=True)
    choices_html = traitlets.Unicode("").tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    notice = traitlets.Unicode("").tag(sync=True)
    reveal = traitlets.Int(0).tag(sync=True)
    card_marks = traitlets.Dict(key_trait=traitlets.Int(), value_trait=traitlets.Unicode())

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
        self.screen = Screen.of(None, source=source, on_open=None)
        self.choice_tiles: list[GalleryTile] = []  # offered when the id box matched several
        self._prefetched: lk.Lineage | None = None
        self._cards_later = False
        self.changes: lk.LineageDiff | None = None
        """What the last Refresh found changed since the view before it (None before any)."""
        self._removed: Section | None = None
        self._generation: lk.Generation | None = None
        self._shown_at = datetime.now()
        super().__init__(
            direction=lk.validate.check_direction(direction),
            max_depth=lk.validate.check_max_depth(max_depth),
            max_nodes=lk.validate.check_max_nodes(max_nodes),
            header_html=self.screen.header,
        )
        self._prepare_graph_tab()
        if asset_id is not None:
            self.select(asset_id)

    # --- public actions -----------------------------------------------------------------
    def select(self, asset_id: int | str) -> bool:
        """Inspect ``asset_id`` (a database id, or typed text); return whether it worked.

        Text is resolved in scope as the id box does: a database id, a provider asset id,
        a key, a path or words that name one asset; several matches are shown as tiles to
        pick from. The query runs first: when it fails the inline message says why and the
        selection stays as it was. On success the asset joins the history (dropping any
        forward entries). Selecting the asset on show runs its query again.
        """
        self._offer(None)
        try:
            aid = resolve_typed(self.source, asset_id, user_id=self.user_id)
            if isinstance(aid, lk.FindResult):  # several match: offered, nothing chosen yet
                self._offer(aid)
                return False
            if aid == self.asset_id:
                return self.refresh()
            self._prefetched = self._query(aid)
        except lk.LineageKitError as exc:
            self.error = error_message(exc, self.user_id)
            return False
        # One message answers the click (the selection, its history, the header); the cards
        # follow in a second one, so the header does not wait for them.
        self._cards_later = True
        try:
            with self.hold_sync():
                self.asset_id = aid
        finally:
            self._cards_later = False
        self._show_cards()
        return not self.error

    @property
    def result(self) -> lk.Lineage | None:
        """The answer on show (None when nothing is selected)."""
        return self.screen.result

    @property
    def sections(self) -> list[Section]:
        """The card groups on show, in order."""
        return self.screen.sections

    def section(self, key: str) -> Section:
        """The section with this key (``parents``, ``children``, ``ancestors-2``, …)."""
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(f"no section {key!r}; shown: {', '.join(s.key for s in self.sections)}")

    @property
    def cards(self) -> list[AssetCard]:
        """Every card on screen, section by section."""
        return self.screen.all_cards

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
            except lk.LineageKitError as exc:
                self._show(None)
                self.error = error_message(exc, self.user_id)
                return
        self._visit(aid)
        self._mark_changes(None)
        with self.hold_trait_notifications():
            self.header_note = ""
            self.card_marks = {}
            self._show(res)

    @traitlets.observe(*CONTROLS)
    def _controls_changed(self, _change: dict[str, Any]) -> None:
        if self.asset_id is not None:
            self.refresh()

    @traitlets.observe("tab")
    def _tab_changed(self, _change: dict[str, Any]) -> None:
        self._draw_graph()

    @traitlets.observe("card_marks")
    def _marks_changed(self, change: dict[str, Any]) -> None:
        if self.result is not None and change["new"] != self.screen.marks:
            self._show(self.result)

    # --- internals ----------------------------------------------------------------------
    def _query(self, aid: int) -> lk.Lineage:
        return lk.lineage(
            self.source,
            aid,
            user_id=self.user_id,
            direction=self.direction,
            max_depth=self.max_depth,
            max_nodes=self.max_nodes,
            count_limit=self.count_limit,
        )

    def _offer(self, found: lk.FindResult | None) -> None:
        self.choice_tiles = choice_tiles(found, self.select)
        self.choices_html = choices_html(found, self.choice_tiles)
