"""The notebook UI of lineage_kit: the Lineage Inspector, the asset gallery and graph views.

Needs the ``widgets`` extra: ``pip install 'lineage-kit[widgets]'``. Without it, importing
this package (or any module in it) fails with :class:`lineage_kit.MissingExtra`, an
``ImportError`` whose one-line message names that extra.

Modules: :mod:`~lineage_kit.widgets.inspector` (the inspector),
:mod:`~lineage_kit.widgets.gallery` (the asset grid), :mod:`~lineage_kit.widgets.layout`
(both side by side), :mod:`~lineage_kit.widgets.graph` (the graph: interactive widget,
standalone page, PNG picture), :mod:`~lineage_kit.widgets.demo` (``lineage-kit demo``).
"""

import lineage_kit as lk

try:
    import anywidget  # noqa: F401
    import ipywidgets  # noqa: F401
    import PIL  # noqa: F401
    import pyvis  # noqa: F401
except ImportError:
    # ``from None``: the one line naming the extra is the whole message a user sees.
    raise lk.MissingExtra("lineage_kit.widgets", "widgets") from None
