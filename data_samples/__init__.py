"""The bundled sample lineage (CSV tables and thumbnails), installed as lineage_kit.data_samples."""
