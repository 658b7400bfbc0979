"""The notebook UI of lineage_kit: the Lineage Inspector, the asset gallery and graph views.

Needs the ``widgets`` extra: ``pip install 'lineage-kit[widgets]'``.
"""
