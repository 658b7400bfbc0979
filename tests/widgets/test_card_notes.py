"""Provider metadata on the inspector's cards: what pixsim7's payloads say about each row.

A transition input's card shows its prompt and duration, a fusion input's card its fusion
name and type, an extension's cards the source video's Pixverse id and duration: read from
the row's *child* payload with ``lk.provider_metadata``, once per child asset per render.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import lineage_kit as lk
from lineage_kit.widgets.inspector import LineageInspector
from lineage_kit.widgets.notes import Note, ProviderNotes


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def cards(insp: LineageInspector, key: str) -> list[tuple[int, str, list[Note]]]:
    return [(c.asset_id, c.prompt, c.notes) for c in insp.section(key).cards]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The child ids ``lk.provider_metadata`` is asked about, in order."""
    asked: list[int] = []
    real = lk.provider_metadata

    def counting(source, asset_id, *, user_id):
        asked.append(asset_id)
        return real(source, asset_id, user_id=user_id)

    monkeypatch.setattr(lk, "provider_metadata", counting)
    return asked


def test_a_transition_input_card_shows_its_prompt_and_duration(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=310)
    assert [(aid, prompt) for aid, prompt, _ in cards(insp, "parents")] == [
        (301, "dawn light spreads"),  # 301 is used twice: each row has its own prompt
        (302, "boats set sail"),
        (303, "sun at its height"),
        (301, "back to the first light"),
    ]
    second = insp.section("parents").cards[1]
    assert Note("duration", "duration 3 s") in second.notes
    text = _text(second.html)
    assert "order 1 · 2–5 s · duration 3 s" in text and "“boats set sail”" in text
    assert 'class="lk-prompt" title="prompt: boats set sail"' in second.html


def test_nested_payloads_and_n_minus_one_prompts(sample_store: lk.Store) -> None:
    # 910's Pixverse payload nests its prompts under customer_paths: 2 prompts for 3 images
    insp = LineageInspector(sample_store, user_id=1, asset_id=910)
    assert [(aid, prompt) for aid, prompt, _ in cards(insp, "parents")] == [
        (911, "the tide goes out"),
        (912, "gulls take off"),
        (913, ""),  # the last image of N gets none, as in pixsim7
    ]
    last = insp.section("parents").cards[2]
    assert last.notes == [] and "lk-prompt" not in last.html and "duration" not in last.html


def test_a_child_card_shows_what_its_child_did_with_the_selection(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=911)
    shown = {aid: (prompt, notes) for aid, prompt, notes in cards(insp, "children")}
    assert shown[910] == (
        "the tide goes out",
        [Note("prompt", "the tide goes out"), Note("duration", "duration 5 s")],
    )
    assert shown[930] == ("", [Note("fusion", "fusion tide (subject)")])
    assert shown[920][0] == "out"


def test_a_fusion_input_card_shows_its_name_and_type(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=930)
    assert [(aid, notes) for aid, _, notes in cards(insp, "parents")] == [
        (911, [Note("fusion", "fusion tide (subject)")]),
        (912, [Note("fusion", "fusion gulls (background)")]),
    ]
    assert "fusion gulls (background)" in _text(insp.section("parents").cards[1].html)
    insp.select(420)  # a fusion whose payload has no fusion lists: nothing is made up
    assert all(notes == [] for _, _, notes in cards(insp, "parents"))


def test_an_extension_card_shows_its_source_video(sample_store: lk.Store) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=940)
    source = [Note("source", "source video 374351756600902 (5 s)")]
    assert cards(insp, "parents") == [(902, "", source)]
    assert "source video 374351756600902 (5 s)" in _text(insp.section("parents").cards[0].html)
    insp.select(902)  # the extension's own card, under its source
    assert dict((aid, notes) for aid, _, notes in cards(insp, "children"))[940] == source
    insp.select(101)  # an older payload: the original id, no duration
    assert [(aid, n) for aid, _, n in cards(insp, "children")] == [
        (102, [Note("source", "source video 374351749764234")]),
        (104, [Note("source", "source video 374351749764234")]),
    ]


def test_one_payload_read_per_child_asset_shown(sample_store: lk.Store, reads: list[int]) -> None:
    insp = LineageInspector(sample_store, user_id=1, asset_id=310)
    assert reads == [310]  # four cards, one child
    insp.select(911)
    assert reads[1:] == [920, 930, 910]  # three children, each read once
    del reads[:]
    insp.select(501)  # frame captures: no provider notes, nothing read
    assert reads == []
    insp.receive({"type": "control", "name": "max_depth", "value": str(2)})
    insp.select(902)  # 940's extension row and the captures below 902
    assert sorted(reads) == sorted(set(reads)) and 940 in reads
    insp.select(310)
    del reads[:]
    insp.refresh()  # a new render reads again: the payload may have changed since
    assert reads == [310]


def test_notes_read_in_the_inspectors_scope(sample_store: lk.Store, reads: list[int]) -> None:
    notes = ProviderNotes(sample_store, user_id=2)
    row = sample_store.lineage(310, user_id=1).parents_of(310)[0]
    assert notes(row) == [] and notes.read == [310]  # another owner's payload reads nothing
    assert notes(row) == [] and reads == [310]


def test_every_source_gives_the_same_notes(sample_store: lk.Store) -> None:
    frames = sample_store.frames(user_id=1)
    for aid in (310, 910, 930, 940):
        ref = [c.html for c in LineageInspector(sample_store, user_id=1, asset_id=aid).cards]
        for source in (frames, frames.to_networkx()):
            assert [c.html for c in LineageInspector(source, user_id=1, asset_id=aid).cards] == ref


def test_the_static_face_shows_the_notes(sample_store: lk.Store) -> None:
    bundle = LineageInspector(sample_store, user_id=1, asset_id=930).static_face()
    assert "fusion tide (subject)" in bundle["text/html"]
    bundle = LineageInspector(sample_store, user_id=1, asset_id=310).static_face()
    html = bundle["text/html"]
    assert ">order 3 · 7–9 s · duration 2 s · “back to the first light”</td>" in html


def test_prompts_are_escaped() -> None:
    evil = '<img src=x onerror="alert(1)">'
    payload = {"create_mode": "transition", "customer_paths": {"prompts": [evil], "durations": [2]}}
    frames = lk.Frames(
        assets=pd.DataFrame(
            [
                {"id": 1, "media_type": "IMAGE", "media_metadata": None},
                {"id": 2, "media_type": "VIDEO", "media_metadata": json.dumps(payload)},
            ]
        ).assign(user_id=1, provider_id="pixverse", provider_asset_id="p"),
        edges=pd.DataFrame(
            [
                {
                    "id": 1,
                    "parent_asset_id": 1,
                    "child_asset_id": 2,
                    "relation_type": "TRANSITION_INPUT",
                    "operation_type": "video_transition",
                    "sequence_order": 0,
                }
            ]
        ),
    )
    insp = LineageInspector(frames, user_id=1, asset_id=2)
    html = insp.section("parents").cards[0].html
    assert insp.section("parents").cards[0].prompt == evil
    assert "<img src=x" not in html and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert "<img src=x" not in insp.static_face()["text/html"]
