import marimo

__generated_with = "0.25.2"
app = marimo.App(width="full")


@app.cell
def _():
    import marimo as mo

    mo.md(
        "# Lineage Inspector\n"
        "Where did this clip come from, and what was made from it? Pick an asset in the "
        "gallery (or type its id), then follow its **parents** and **children**. Sample "
        "data: the embedded pixsim7 sample, user 1."
    )
    return


@app.cell
def _():
    import os

    import lineage_kit as lk
    from lineage_kit.widgets.layout import lineage_app

    # LINEAGE_KIT_DB names the database (the embedded sample when unset).
    store = lk.connect(os.environ.get("LINEAGE_KIT_DB") or None)
    inspector_app = lineage_app(store, user_id=1, asset_id=310)
    inspector_app
    return


if __name__ == "__main__":
    app.run()
