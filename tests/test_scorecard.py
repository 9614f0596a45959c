"""The scorecard of the review's findings (lesson 07): vocabulary, evidence dated against the
review, and the grades the clinical review of 2026-11-30 asked for."""

from __future__ import annotations

import pytest

import il2kit
from il2kit import scorecard


def cells() -> dict[tuple[int, str], scorecard.Assessment]:
    return {(a.finding, a.endpoint): a for a in scorecard.ASSESSMENTS}


def test_validate_finds_nothing_wrong():
    assert scorecard.validate() == []


def test_grades_and_endpoints_are_in_the_vocabulary():
    for a in scorecard.ASSESSMENTS:
        assert a.grade in scorecard.GRADES
        assert a.endpoint in scorecard.ENDPOINTS
        assert a.finding in scorecard.FINDINGS
        assert a.reason.strip()


def test_every_evidence_key_is_a_study_and_is_dated_on_the_right_side():
    known = set(il2kit.load_sources()["study"].astype(str))
    for a in scorecard.ASSESSMENTS:
        for key in (*a.before, *a.after, *a.set_aside, *a.overlapping):
            assert key in known, key
        assert all(il2kit.published_after_review(k) for k in a.after), a
        assert not any(il2kit.published_after_review(k) for k in a.before), a


def test_validate_catches_a_study_on_the_wrong_side(monkeypatch):
    wrong = scorecard.Assessment(
        5, "response", "not confirmed", "x", before=("keilholz2005",), after=("eton2002",)
    )
    others = tuple(a for a in scorecard.ASSESSMENTS if (a.finding, a.endpoint) != (5, "response"))
    monkeypatch.setattr(scorecard, "ASSESSMENTS", (*others, wrong))
    problems = scorecard.validate()
    assert any("keilholz2005" in p and "before" in p for p in problems)
    assert any("eton2002" in p and "after" in p for p in problems)


def test_validate_catches_unknown_grades_keys_and_claims(monkeypatch):
    bad = (
        scorecard.Assessment(1, "response", "refuted", "x", after=("nosuch2020",)),
        scorecard.Assessment(1, "survival", "not claimed", "x", after=("yang2003",)),
        scorecard.Assessment(2, "toxicity", "supported", "x"),
    )
    monkeypatch.setattr(scorecard, "ASSESSMENTS", bad)
    text = "\n".join(scorecard.validate())
    assert "refuted" in text and "nosuch2020" in text
    assert "'not claimed' lists evidence" in text and "lists no evidence" in text


def test_the_table_has_a_response_and_a_survival_grade_per_finding():
    card = scorecard.scorecard()
    assert list(card["finding"]) == [1, 2, 3, 4, 5]
    assert {"response_grade", "survival_grade", "toxicity_grade"} <= set(card.columns)
    assert card["response_grade"].notna().all() and card["survival_grade"].notna().all()
    assert card["toxicity_grade"].notna().sum() == 1  # finding 2 only


def test_the_grades_the_clinical_review_asked_for():
    c = cells()
    assert c[1, "response"].grade == "supported"
    assert {"mcdermott2015", "proclaim"} <= set(c[1, "response"].after)
    assert "klapper2008" in c[1, "response"].overlapping
    trials = il2kit.load_trials()
    diseases = set(trials.loc[trials["study"].isin(c[1, "response"].after), "disease"])
    assert diseases == {"rcc", "melanoma"}  # later evidence in both diseases (PROCLAIM)
    assert c[2, "toxicity"].grade == "supported"
    assert {"proleukin_label_older", "atkins1999"} <= set(c[2, "toxicity"].before)
    assert "reversed rapidly" in c[2, "toxicity"].reason
    assert c[3, "response"].grade == "overturned"
    assert {"yang2003", "mcdermott2005"} <= set(c[3, "response"].after)
    assert c[3, "survival"].grade not in ("overturned", "not claimed")
    assert c[4, "survival"].grade == "supported"
    assert {"gore2010", "negrier2007", "negrier1998"} <= {
        *c[4, "survival"].before,
        *c[4, "survival"].after,
    }
    for endpoint in ("response", "survival"):
        a = c[4, endpoint]
        assert "atzpodien2004" not in (*a.before, *a.after) and "atzpodien2004" in a.set_aside
        assert c[5, endpoint].grade == "not confirmed"
        assert {"eton2002", "ridolfi2002"} <= set(c[5, endpoint].before)  # before the review
    assert "reversibility is not recorded" not in " ".join(a.reason for a in c.values())
    for words in ("capillary leak", "boxed warning", "intensive care"):  # the label's limits
        assert words in c[2, "toxicity"].reason


def test_no_grade_leans_on_a_subgroup_result():
    # Lesson 07 says the scorecard does not grade on results within subsets of patients
    # (effects.csv rows with a `subgroup`), e.g. yang2003's complete responders.
    effects = il2kit.load_effects()
    reasons = " ".join(a.reason for a in scorecard.ASSESSMENTS).lower()
    for subgroup in effects["subgroup"].dropna().astype(str):
        assert subgroup.lower() not in reasons
    assert "complete responders" not in reasons


def test_evidence_table_dates_each_study_and_names_its_role():
    table = scorecard.evidence_table(4)
    roles = table.set_index("study")["role"]
    assert roles["atzpodien2004"] == "set aside" and roles["gore2010"] == "evidence"
    assert table["published"].is_monotonic_increasing
    assert scorecard.evidence_table(1, "survival").empty
    assert scorecard.evidence_table(1).set_index("study").loc["klapper2008", "role"] == (
        "overlapping"
    )
    with pytest.raises(ValueError, match="finding"):
        scorecard.evidence_table(6)
    with pytest.raises(TypeError, match="finding"):
        scorecard.evidence_table("1")
    with pytest.raises(ValueError, match="endpoint"):
        scorecard.evidence_table(1, "efficacy")


def test_the_review_words_are_the_abstracts():
    from pathlib import Path

    seed = Path("/work/shared/seed/dutcher2002_abstract.txt")
    if not seed.exists():
        pytest.skip("the stored abstract is not on this machine")
    text = " ".join(seed.read_text(encoding="utf-8").split())
    for words in scorecard.REVIEW_WORDS.values():
        assert words in text
