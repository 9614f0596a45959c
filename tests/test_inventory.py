"""The concept inventory: a consistent key, figures that match the data, scoring that refuses bad
input, an accessible form, and a notebook that runs and does not show the key."""

from __future__ import annotations

import math
import re
from collections import Counter

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

import il2kit
from il2kit.course import inventory
from il2kit.course.form import InventoryForm
from il2kit.course.inventory import QUESTIONS

BY_ID = {q.id: q for q in QUESTIONS}
IDS = [q.id for q in QUESTIONS]


# ----------------------------------------------------------------------------- the key
def test_ten_to_twenty_questions_with_unique_ids_stems_and_concepts():
    assert 10 <= len(QUESTIONS) <= 20
    assert len(set(IDS)) == len(IDS)
    assert IDS == sorted(IDS)
    assert all(re.fullmatch(r"q\d\d", qid) for qid in IDS)
    assert len({q.stem for q in QUESTIONS}) == len(QUESTIONS)
    assert len({q.concept for q in QUESTIONS}) == len(QUESTIONS)


@pytest.mark.parametrize("qid", IDS)
def test_exactly_one_correct_option_and_an_explanation_for_every_option(qid):
    q = BY_ID[qid]
    assert q.labels == ("A", "B", "C", "D")
    assert sum(o.correct for o in q.options) == 1
    for o in q.options:
        assert o.text.strip() and o.explanation.strip(), f"{qid} option {o.label}"
        assert o.explanation.strip() != o.text.strip()
    assert len({o.text for o in q.options}) == 4, f"{qid} repeats an option"
    assert q.correct_option.explanation.startswith("Right"), f"{qid}: the key's explanation"
    for o in q.options:
        if not o.correct:
            assert not o.explanation.startswith("Right"), f"{qid} option {o.label}"


def test_keyed_letters_are_spread_over_the_options():
    counts = Counter(inventory.answer_key().values())
    assert set(counts) == {"A", "B", "C", "D"}
    assert max(counts.values()) <= len(QUESTIONS) // 2


def test_the_concepts_the_brief_names_are_all_probed():
    concepts = {q.concept for q in QUESTIONS}
    wanted = {
        "ci_response_rate",
        "phase2_vs_phase3",
        "selection_bias",
        "response_vs_survival",
        "sample_size",
        "heterogeneity",
        "multiplicity",
        "itt",
        "noninferiority",
        "hazard_ratio",
        "interim_analyses",
        "blinding_concealment",
    }
    assert wanted <= concepts


@pytest.mark.parametrize("qid", IDS)
def test_each_question_names_where_it_is_taught(qid, notebooks_dir):
    q = BY_ID[qid]
    assert q.notebooks, f"{qid} names no lesson"
    for ref in q.notebooks:
        assert (notebooks_dir / f"{ref}.ipynb").exists(), f"{qid}: no notebook {ref}"


def test_every_new_lesson_is_probed_by_a_question(notebooks_dir):
    taught = {ref for q in QUESTIONS for ref in q.notebooks}
    for stem in (
        "13_analysis_populations_and_multiplicity",
        "14_interim_analyses",
        "15_non_inferiority",
        "16_hazard_ratios_and_nnt",
        "17_appraising_a_trial",
    ):
        assert stem in taught, f"no question names {stem}"


@pytest.mark.parametrize("qid", IDS)
def test_cited_studies_exist_and_are_named_in_the_stem(qid):
    sources = set(il2kit.load_sources()["study"].astype(str))
    for key in BY_ID[qid].sources:
        assert key in sources
        assert key in BY_ID[qid].stem


# ----------------------------------------------------------------------------- figures in stems
def _arm(study, arm):
    t = il2kit.load_trials()
    return t[(t["study"] == study) & (t["arm"] == arm)].iloc[0]


def _quotes(study):
    """Every sentence the data set stores for ``study``: quotes and the arms' notes."""
    q = il2kit.load_quotes()
    t = il2kit.load_trials()
    return " ".join(
        [
            *q.loc[q["study"] == study, "quote"].unique(),
            *t.loc[t["study"] == study, "note"].dropna(),
        ]
    )


def _pct(x):
    return f"{100 * x:.1f}%"


def test_q01_figures_are_vondermaase1991_and_its_exact_interval():
    row = _arm("vondermaase1991", "civ_il2")
    x, n = int(row["responders"]), int(row["n"])
    ci = il2kit.response_rate(x, n)
    stem = BY_ID["q01"].stem
    assert f"{x} responses in {n} evaluable" in stem
    for value in (x / n, ci.ci_low, ci.ci_high):
        assert _pct(value) in stem
    keyed = BY_ID["q01"].correct_option.text
    assert f"about {round(100 * ci.ci_low)}% to {round(100 * ci.ci_high)}%" in keyed


def test_q05_figures_are_negrier1998s():
    t = il2kit.load_trials()
    rates = t.loc[t["study"] == "negrier1998", "orr_pct"].astype(float)
    stem = BY_ID["q05"].stem
    for value in rates:
        assert f"{value:g}%" in stem
    assert "no significant difference in overall survival among the three groups" in stem
    assert "no significant difference in overall survival among the three groups" in _quotes(
        "negrier1998"
    )


def test_q06_sample_sizes_are_the_kits():
    wide = il2kit.sample_size_two_rates(0.15, 0.25)
    narrow = il2kit.sample_size_two_rates(0.15, 0.20)
    stem, keyed = BY_ID["q06"].stem, BY_ID["q06"].correct_option.text
    assert f"about {round(wide, -1)}" in stem
    stated = int(re.search(r"About (\d+)", keyed).group(1))
    assert abs(stated - narrow) / narrow < 0.05, (stated, narrow)
    assert 3 < narrow / wide < 5  # "roughly four times"


def test_q07_quotes_yang2003():
    assert "but no overall survival difference" in _quotes("yang2003")
    assert "'but no overall survival difference'" in BY_ID["q07"].stem


def test_q10_quotes_mcdermott2005_and_the_multiplicity_arithmetic():
    text = _quotes("mcdermott2005")
    stem = BY_ID["q10"].stem
    for printed in ("P = .24", "P = .001", "P = .040", "superior with HD IL-2"):
        assert printed in text and printed in stem
    ten = 1 - 0.95**10
    assert f"about {round(100 * ten)}%" in BY_ID["q10"].correct_option.explanation


def test_q12_keyed_answer_follows_from_its_hypothetical_interval():
    stem = BY_ID["q12"].stem
    assert "hypothetical" in stem.lower()
    margin = float(re.search(r"more than (\d+) percentage points", stem).group(1))
    low, high = (float(v) for v in re.search(r"95% CI -(\d+) to \+(\d+)", stem).groups())
    assert -low < -margin  # the lower limit is beyond the margin: non-inferiority not shown
    assert f"-{low:g}" in BY_ID["q12"].correct_option.text


def test_q13_is_hypothetical_and_its_interval_excludes_one():
    stem = BY_ID["q13"].stem
    assert "hypothetical" in stem.lower()
    hr, low, high = (
        float(v)
        for v in re.search(
            r"hazard ratio for death of ([\d.]+) \(95% CI ([\d.]+) to ([\d.]+)\)", stem
        ).groups()
    )
    assert low < hr < high < 1
    assert f"{round(100 * (1 - hr))}% lower" in BY_ID["q13"].correct_option.text


def test_q16_thresholds_are_the_kits_boundaries():
    from il2kit.sequential import group_sequential_design, repeated_testing_error

    q = BY_ID["q16"]
    assert "hypothetical" in q.stem.lower()
    obf = group_sequential_design(4, method="obrien-fleming")
    pocock = group_sequential_design(4, method="pocock")
    required = float(re.search(r"requires p < (\d\.\d+)", q.stem).group(1))
    observed = float(re.search(r"gives p = (\d\.\d+)", q.stem).group(1))
    assert required == round(obf.nominal_alpha[1], 4)
    assert required < observed < pocock.nominal_alpha[1] < 0.05  # Pocock's would be crossed
    wrong = q.option("B").explanation
    assert f"about {round(100 * repeated_testing_error(4))}%" in wrong


def test_q17_quotes_how_mcdermott2005_gave_its_regimens():
    text = il2kit.load_statements().set_index("key").loc["mcdermott2005_randomization", "statement"]
    assert "intravenously every 8 hours" in text and "subcutaneously" in text
    stem = BY_ID["q17"].stem
    assert "mcdermott2005" in stem and "subcutaneous" in stem


def test_q15_upper_limit_and_rule_of_three_are_the_kits():
    upper = il2kit.response_rate(0, 60).ci_high
    keyed = BY_ID["q15"].correct_option.text
    assert f"about {round(100 * upper)}%" in keyed
    assert f"3/60 = {round(100 * 3 / 60)}%" in keyed


# ----------------------------------------------------------------------------- scoring
def test_all_keyed_answers_score_full_marks_and_none_scores_zero():
    full = inventory.score(inventory.answer_key())
    assert (full.n_correct, full.n_answered, full.percent) == (
        len(QUESTIONS),
        len(QUESTIONS),
        100.0,
    )
    empty = inventory.score({})
    assert (empty.n_correct, empty.n_answered, empty.percent) == (0, 0, 0.0)
    assert "0 of" in str(empty)


def test_each_wrong_option_scores_zero_and_returns_its_own_explanation():
    for q in QUESTIONS:
        for o in q.options:
            item = inventory.score({q.id: o.label.lower()}).items[IDS.index(q.id)]
            assert item.is_correct is o.correct
            assert item.explanation == o.explanation
            assert item.given == o.label


def test_unanswered_questions_none_and_nan_count_as_not_right():
    result = inventory.score({"q01": None, "q02": float("nan")})
    assert result.n_answered == 0
    frame = result.to_frame()
    assert list(frame["question_id"]) == IDS
    assert not frame["is_correct"].any()


@pytest.mark.parametrize(
    "answers, error, fragment",
    [
        (["A"], TypeError, "`answers` must be a mapping"),
        ("q01=A", TypeError, "`answers` must be a mapping"),
        ({"q99": "A"}, ValueError, "Unknown question id(s) ['q99']"),
        ({1: "A"}, TypeError, "Question ids must be strings"),
        ({"q01": "E"}, ValueError, "Invalid answer 'E' to q01"),
        ({"q01": "AB"}, ValueError, "Invalid answer 'AB' to q01"),
        ({"q01": 1}, TypeError, "must be an option letter"),
        ({"q01": True}, TypeError, "must be an option letter"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_it(answers, error, fragment):
    with pytest.raises(error) as info:
        inventory.score(answers)
    assert fragment in str(info.value)


def test_score_many_accepts_a_frame_or_a_mapping_and_agrees_with_score():
    key = inventory.answer_key()
    mapping = {
        "full": key,
        "half": {k: v for i, (k, v) in enumerate(key.items()) if i % 2},
        "none": {},
    }
    by_mapping = inventory.score_many(mapping)
    frame = pd.DataFrame.from_dict(mapping, orient="index")
    by_frame = inventory.score_many(frame)
    pd.testing.assert_frame_equal(by_mapping, by_frame)
    for student, answers in mapping.items():
        assert by_mapping.loc[student, "n_correct"] == inventory.score(answers).n_correct


@pytest.mark.parametrize(
    "responses, error",
    [
        ([["A"]], TypeError),
        ({}, ValueError),
        (pd.DataFrame({"q42": ["A"]}), ValueError),
        (pd.DataFrame({"q01": ["Z"]}), ValueError),
    ],
)
def test_score_many_refuses_bad_tables(responses, error):
    with pytest.raises(error):
        inventory.score_many(responses)


def test_item_analysis_finds_the_commonest_wrong_option():
    q = QUESTIONS[0]
    wrong = [o.label for o in q.options if not o.correct]
    table = pd.DataFrame({q.id: [q.correct_option.label, wrong[0], wrong[0], wrong[1], None]})
    row = inventory.item_analysis(table).set_index("question_id").loc[q.id]
    assert row["n_answered"] == 4
    assert row["share_correct"] == pytest.approx(1 / 4)
    assert row["commonest_wrong"] == wrong[0]
    other = inventory.item_analysis(table).set_index("question_id").loc[QUESTIONS[1].id]
    assert other["n_answered"] == 0 and math.isnan(other["share_correct"])


@pytest.mark.parametrize("pre, post", [(0, 0), (0, 100), (40, 70), (60, 40), (99, 100)])
def test_normalized_gain_is_the_share_of_the_possible_improvement(pre, post):
    gain = inventory.normalized_gain(pre, post)
    assert pre + gain * (100 - pre) == pytest.approx(post)


@pytest.mark.parametrize(
    "pre, post, error",
    [
        (100, 100, ValueError),
        (-1, 50, ValueError),
        (50, 101, ValueError),
        (float("nan"), 50, ValueError),
        (True, 50, TypeError),
        ("40", 50, TypeError),
        (None, 50, TypeError),
    ],
)
def test_normalized_gain_refuses_bad_scores(pre, post, error):
    with pytest.raises(error):
        inventory.normalized_gain(pre, post)


def test_questions_html_hides_the_key_unless_asked():
    student = inventory.questions_html()
    teacher = inventory.questions_html(show_answers=True)
    assert "(key)" not in student and student.count("(key)") == 0
    assert teacher.count("(key)") == len(QUESTIONS)
    for q in QUESTIONS:
        for o in q.options:
            assert o.explanation[:40] not in student.replace("&#x27;", "'")
    with pytest.raises(TypeError):
        inventory.questions_html(show_answers="yes")


# ----------------------------------------------------------------------------- the form
def test_form_labels_every_group_and_option():
    form = InventoryForm()
    assert len(form.choices) == len(QUESTIONS)
    for number, q in enumerate(QUESTIONS, start=1):
        radios = form.choices[q.id]
        assert radios.description == f"Question {number}"
        assert radios.value is None
        labels = [label for label, _ in radios.options]
        assert all(o.text in label for o, label in zip(q.options, labels, strict=True))
    assert form.button.description and form.button.tooltip
    assert "role='status'" in form.output.value and "aria-live" in form.output.value


def test_form_scores_the_keyed_answers_and_hides_explanations_in_a_pre_test():
    form = InventoryForm(reveal_answers=False)
    for qid, letter in inventory.answer_key().items():
        form.choices[qid].value = letter
    form.button.click()
    assert form.result is not None and form.result.percent == 100.0
    assert "Explanations are hidden" in form.output.value
    assert QUESTIONS[0].correct_option.explanation[:30] not in form.output.value


def test_form_reveals_explanations_in_a_post_test_and_resets():
    form = InventoryForm(reveal_answers=True)
    q = QUESTIONS[0]
    wrong = next(o for o in q.options if not o.correct)
    form.choices[q.id].value = wrong.label
    result = form.score()
    assert result.n_answered == 1 and result.n_correct == 0
    assert f"the answer is {q.correct_option.label}" in form.output.value
    form.reset()
    assert form.result is None and all(r.value is None for r in form.choices.values())


def test_form_refuses_bad_arguments():
    with pytest.raises(TypeError):
        InventoryForm(reveal_answers="no")
    with pytest.raises(ValueError):
        InventoryForm(questions=[])


# ----------------------------------------------------------------------------- the notebook
@pytest.fixture(scope="module")
def inventory_notebook(notebooks_dir):
    return notebooks_dir / "concept_inventory.ipynb"


def test_notebook_runs_top_to_bottom(inventory_notebook):
    nb = nbformat.read(inventory_notebook, as_version=4)
    NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(inventory_notebook.parent)}},
    ).execute()
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert not errors


def test_notebook_shows_the_form_with_a_static_copy_and_no_key(inventory_notebook):
    nb = nbformat.read(inventory_notebook, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    form_cells = [i for i, c in enumerate(code) if "InventoryForm(" in c.source]
    assert len(form_cells) == 1
    form_cell = code[form_cells[0]]
    assert "nbval-ignore-output" in form_cell.metadata.get("tags", [])
    assert "reveal_answers=False" in form_cell.source
    static = code[form_cells[0] + 1]
    assert "questions_html()" in static.source
    assert any("text/html" in o.get("data", {}) for o in static.outputs)
    stored = "\n".join(
        str(v) for c in code for o in c.outputs for v in o.get("data", {}).values()
    ) + "\n".join(o.get("text", "") for c in code for o in c.outputs)
    assert "(key)" not in stored
    for q in QUESTIONS:
        assert q.correct_option.explanation[:40] not in stored
