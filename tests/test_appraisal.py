"""il2kit.appraisal (lesson 17): the vocabulary of CONSORT, RoB 2 and GRADE; every judgement
cites data keys that resolve to verbatim sentences; the numbers a reason states are in those
sentences; and the certainty arithmetic."""

from __future__ import annotations

import dataclasses
import importlib
import re

import pytest

import il2kit
from il2kit import appraisal, scorecard
from il2kit.data import _number_in

LEVEL = {c: i + 1 for i, c in enumerate(appraisal.CERTAINTY_LEVELS)}


def every_cited() -> list[tuple[str, tuple[str, ...]]]:
    cited = [(f"CONSORT {r.item}", r.support) for r in appraisal.CONSORT_REPORTS]
    cited += [(f"RoB {j.outcome}/{j.domain}", j.support) for j in appraisal.RISK_OF_BIAS]
    cited += [
        (f"GRADE {a.finding}/{a.endpoint}/{r.domain}", r.support)
        for a in appraisal.GRADE_ASSESSMENTS
        for r in a.ratings
    ]
    return cited


def test_validate_finds_nothing_wrong():
    assert appraisal.validate() == []


# ----------------------------------------------------------------------------- vocabulary
def test_vocabularies_are_the_tools_own():
    assert appraisal.ROB_DOMAINS == (
        "randomization process",
        "deviations from intended interventions",
        "missing outcome data",
        "measurement of the outcome",
        "selection of the reported result",
    )
    assert appraisal.ROB_JUDGEMENTS == ("low", "some concerns", "high")
    assert appraisal.CERTAINTY_LEVELS == ("very low", "low", "moderate", "high")
    assert appraisal.DOWNGRADE_DOMAINS == (
        "risk of bias",
        "inconsistency",
        "indirectness",
        "imprecision",
        "publication bias",
    )
    assert appraisal.DOWNGRADE_RATINGS == {"not serious": 0, "serious": 1, "very serious": 2}
    assert len(appraisal.CONSORT_ABSTRACT_ITEMS) == 13


def test_every_judgement_uses_the_vocabulary():
    for r in appraisal.CONSORT_REPORTS:
        assert r.status in appraisal.REPORTING_STATUSES
    for j in appraisal.RISK_OF_BIAS:
        assert j.judgement in appraisal.ROB_JUDGEMENTS and j.domain in appraisal.ROB_DOMAINS
        assert j.outcome in appraisal.ROB_OUTCOMES and j.reason.strip()
    for a in appraisal.GRADE_ASSESSMENTS:
        assert a.kind in appraisal.QUESTION_KINDS and a.design in appraisal.DESIGNS
        assert tuple(r.domain for r in a.ratings[:5]) == appraisal.DOWNGRADE_DOMAINS
        for r in a.ratings:
            assert r.rating in (appraisal.DOWNGRADE_RATINGS | appraisal.UPGRADE_RATINGS)
            assert r.reason.strip()


# ----------------------------------------------------------------------------- data keys
def test_every_judgement_cites_a_data_key_that_resolves():
    for where, support in every_cited():
        assert support, f"{where} cites no data key"
        for key in support:
            assert key.split(":")[0] in appraisal.SUPPORT_TABLES, key
            assert appraisal.support_text(key).strip(), f"{where}: {key}"


def test_support_text_reads_each_table_verbatim():
    statements = il2kit.load_statements().set_index("key")
    assert (
        appraisal.support_text("statements:mcdermott2005_randomization")
        == (statements.loc["mcdermott2005_randomization", "statement"])
    )
    effects = il2kit.load_effects().set_index("effect_id")
    assert appraisal.support_text("effects:gore2010_os") == effects.loc["gore2010_os", "statement"]
    assert "nine of 91" in appraisal.support_text("quotes:mcdermott2005/trials/sc_il2_ifn/n")
    assert appraisal.support_text("sources:mcdermott2005").startswith("Randomized phase III")


@pytest.mark.parametrize(
    "key, error, match",
    [
        (None, TypeError, "key"),
        ("mcdermott2005", ValueError, "<table>:<key>"),
        ("trials:mcdermott2005", ValueError, "table"),
        ("statements:no_such_key", ValueError, "no_such_key"),
        ("quotes:mcdermott2005/trials/hd_il2", ValueError, "quotes:<study>"),
        ("quotes:mcdermott2005/trials/hd_il2/cr", ValueError, "no such row"),
    ],
)
def test_support_text_names_bad_keys(key, error, match):
    with pytest.raises(error, match=match):
        appraisal.support_text(key)


def _numbers(text: str) -> set[float]:
    """Numbers written in digits, leaving out study keys (mcdermott2015) and lesson numbers."""
    text = re.sub(r"\b[a-z_]+\d{4}\b|lesson \d+|RoB 2|IL-2|alfa-2b", " ", text)
    return {float(m) for m in re.findall(r"(?<![\w.])\.?\d+(?:\.\d+)?", text)}


def test_the_numbers_a_reason_states_are_in_its_sentences_or_derived_from_them():
    trials = il2kit.load_trials().set_index(["study", "arm"])
    n_hd, n_sc = (int(trials.loc[("mcdermott2005", a), "n"]) for a in ("hd_il2", "sc_il2_ifn"))
    enrolled = int(
        il2kit.load_statements().set_index("key").loc["mcdermott2005_enrolled", "figure"]
    )
    derived = {float(n_hd + n_sc), float(enrolled - n_hd - n_sc), 0.05}  # 186, 6, the 5% level
    reasons = [(j.reason, j.support) for j in appraisal.RISK_OF_BIAS]
    reasons += [(r.says, r.support) for r in appraisal.CONSORT_REPORTS]
    reasons += [(r.reason, r.support) for a in appraisal.GRADE_ASSESSMENTS for r in a.ratings]
    for reason, support in reasons:
        quoted = set().union(*(_number_in(appraisal.support_text(k)) for k in support))
        quoted |= set().union(*(_numbers(appraisal.support_text(k)) for k in support))
        missing = _numbers(reason) - quoted - derived
        assert not missing, f"{sorted(missing)} not in the sentences of: {reason}"


# ----------------------------------------------------------------------------- CONSORT, RoB
def test_consort_table_has_each_item_once_and_marks_what_is_missing():
    table = appraisal.consort_abstract()
    assert list(table["item"]) == [i for i, _ in appraisal.CONSORT_ABSTRACT_ITEMS]
    status = table.set_index("item")["status"]
    assert status["blinding"] == "not reported in the abstract"
    assert status["interventions"] == "reported"
    with pytest.raises(ValueError, match="study"):
        appraisal.consort_abstract("yang2003")


def test_risk_of_bias_table_and_overall_judgement():
    table = appraisal.risk_of_bias()
    for _, rows in table.groupby("outcome", sort=False):
        assert list(rows["domain"]) == [*appraisal.ROB_DOMAINS, "overall"]
        worst = max(rows["judgement"].iloc[:-1], key=appraisal.ROB_JUDGEMENTS.index)
        assert rows["judgement"].iloc[-1] == worst
    by = table.set_index(["outcome", "domain"])["judgement"]
    assert by[("overall survival", "measurement of the outcome")] == "low"
    assert by[("response", "measurement of the outcome")] == "some concerns"
    assert appraisal.overall_judgement(["low", "high", "some concerns"]) == "high"
    with pytest.raises(ValueError, match="empty"):
        appraisal.overall_judgement([])
    with pytest.raises(ValueError, match="judgement"):
        appraisal.overall_judgement(["unclear"])


def test_a_judgement_of_concern_says_what_the_abstract_does_not_report():
    for j in appraisal.RISK_OF_BIAS:
        if j.judgement != "low":
            assert j.not_reported, f"{j.outcome}/{j.domain}"
        assert str(j).startswith(f"{j.outcome}, {j.domain}: {j.judgement}.")


# ----------------------------------------------------------------------------- GRADE
@pytest.mark.parametrize("start", appraisal.CERTAINTY_LEVELS)
@pytest.mark.parametrize("down", range(0, 6))
@pytest.mark.parametrize("up", range(0, 3))
def test_certainty_arithmetic(start, down, up):
    level = min(max(LEVEL[start] - down + up, 1), 4)
    assert (
        appraisal.certainty(start, downgrade=down, upgrade=up)
        == (appraisal.CERTAINTY_LEVELS[level - 1])
    )


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"start": "medium"}, ValueError, "start"),
        ({"start": "high", "downgrade": -1}, ValueError, "downgrade"),
        ({"start": "high", "downgrade": 1.5}, ValueError, "downgrade"),
        ({"start": "high", "upgrade": "1"}, TypeError, "upgrade"),
        ({"start": "high", "upgrade": True}, TypeError, "upgrade"),
        ({"start": 4}, TypeError, "start"),
    ],
)
def test_certainty_names_bad_arguments(kwargs, error, match):
    start = kwargs.pop("start")
    with pytest.raises(error, match=match):
        appraisal.certainty(start, **kwargs)


def test_starting_certainty_follows_question_and_design():
    assert appraisal.starting_certainty("comparison", "randomized trials") == "high"
    assert appraisal.starting_certainty("comparison", "non-randomized comparisons") == "low"
    assert appraisal.starting_certainty("rate", "cohorts and trial arms") == "high"
    with pytest.raises(ValueError, match="design"):
        appraisal.starting_certainty("rate", "randomized trials")


def test_each_certainty_is_its_start_minus_its_ratings():
    for a in appraisal.GRADE_ASSESSMENTS:
        down = sum(
            appraisal.DOWNGRADE_RATINGS[r.rating]
            for r in a.ratings
            if r.domain in appraisal.DOWNGRADE_DOMAINS
        )
        level = min(max(LEVEL[a.start] - down + a.upgrade, 1), 4)
        assert a.certainty == appraisal.CERTAINTY_LEVELS[level - 1]


def test_the_grade_cells_are_the_scorecards_graded_cells():
    graded = {
        (s.finding, s.endpoint): s.grade for s in scorecard.ASSESSMENTS if s.grade != "not claimed"
    }
    table = appraisal.grade_table()
    assert sorted(zip(table["finding"], table["endpoint"], strict=True)) == sorted(graded)
    for row in table.itertuples():
        assert row.scorecard_grade == graded[(row.finding, row.endpoint)]


def test_the_certainties_the_lesson_teaches():
    table = appraisal.grade_table().set_index(["finding", "endpoint"])["certainty"]
    assert table[(1, "response")] == "high"
    assert table[(2, "toxicity")] == "moderate"
    assert table[(4, "survival")] == "high"
    assert table[(5, "response")] == table[(5, "survival")] == "very low"


def test_grade_reasons_lists_every_rating():
    reasons = appraisal.grade_reasons(3, "survival")
    assert list(reasons["domain"]) == list(appraisal.DOWNGRADE_DOMAINS)
    assert reasons["levels"].sum() == -(LEVEL["high"] - LEVEL["low"])
    with pytest.raises(ValueError, match="rated cells"):
        appraisal.grade_reasons(1, "survival")


def test_validate_catches_broken_appraisals(monkeypatch):
    first = appraisal.GRADE_ASSESSMENTS[0]
    no_key = dataclasses.replace(first.ratings[0], support=())
    bad_key = dataclasses.replace(first.ratings[1], support=("statements:nowhere",))
    upgraded = (
        *first.ratings[2:],
        appraisal.Rating("large effect", "up one level", "x", ("effects:gore2010_os",)),
    )
    broken = dataclasses.replace(first, ratings=(no_key, bad_key, *upgraded))
    checks = importlib.import_module("il2kit.appraisal._checks")  # where validate() reads them
    monkeypatch.setattr(checks, "GRADE_ASSESSMENTS", (broken, *appraisal.GRADE_ASSESSMENTS[1:]))
    monkeypatch.setattr(checks, "RISK_OF_BIAS", appraisal.RISK_OF_BIAS[1:])
    problems = "\n".join(appraisal.validate())
    assert "cites no data key" in problems
    assert "'statements:nowhere' does not resolve" in problems
    assert "only non-randomized comparisons" in problems
    assert "are not each once" in problems


def test_cited_studies_are_sources_and_include_every_cited_study():
    studies = appraisal.cited_studies()
    assert studies == sorted(set(studies))
    assert set(studies) <= set(il2kit.load_sources()["study"].astype(str))
    for _, support in every_cited():
        for key in support:
            text = appraisal.support_text(key)
            assert text  # every key resolves; its study is listed
    assert {"mcdermott2005", "yang2003", "gore2010", "ives2007", "proleukin_label"} <= set(studies)
