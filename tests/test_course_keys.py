"""Every number in the instructor guide's answer keys is what the kit computes now.

The guide writes computed numbers as markers; `il2kit.course.render` refills them from
`il2kit.course.keys`. The first test fails as soon as a page disagrees with the kit (a changed
data file, a changed function, a re-estimated notebook time); the others check that the keys
say what the guide uses them to say, by comparing computed quantities, never stored results."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from il2kit.course import keys, render


@pytest.fixture(scope="module")
def values(notebooks_dir):
    return keys.key_values(notebooks_dir)


def test_the_guide_is_up_to_date_with_the_kit(repo_root, notebooks_dir):
    stale = render.update_guide(repo_root / "instructors", notebooks_dir, write=False)
    assert not stale, (
        "these pages disagree with what the kit computes: "
        + ", ".join(str(p.relative_to(repo_root)) for p in stale)
        + ". Run `python -m il2kit.course.render` and read the diff."
    )


def test_every_marker_in_the_guide_names_a_known_key_or_block(repo_root, values):
    names = set()
    for path in (repo_root / "instructors").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        names |= {m.group("name") for m in render.KEY.finditer(text)}
        for m in render.BLOCK.finditer(text):
            assert m.group("name") in render.BLOCKS, f"{path.name}: block {m.group('name')}"
        assert text.count("<!--k:") == text.count("<!--/k-->"), f"{path.name}: unclosed key"
        assert text.count("<!--block:") == text.count("<!--/block-->"), (
            f"{path.name}: unclosed block"
        )
    unknown = names - set(values)
    assert not unknown, f"unknown keys: {sorted(unknown)}"
    assert len(names) > 50  # the guide quotes computed numbers, not typed ones


def test_render_refuses_an_unknown_key_and_is_idempotent(values):
    with pytest.raises(KeyError, match="nonsense"):
        render.render_text("<!--k:nonsense-->1<!--/k-->", values, {})
    text = "a <!--k:ss.n_15_20-->0<!--/k--> b"
    once = render.render_text(text, values, {})
    assert once == f"a <!--k:ss.n_15_20-->{values['ss.n_15_20']}<!--/k--> b"
    assert render.render_text(once, values, {}) == once


def test_check_mode_reports_without_writing(tmp_path, notebooks_dir):
    page = tmp_path / "page.md"
    page.write_text("n = <!--k:ss.n_15_25-->0<!--/k-->\n", encoding="utf-8")
    assert (
        render.main(["--guide", str(tmp_path), "--notebooks", str(notebooks_dir), "--check"]) == 1
    )
    assert "-->0<!--" in page.read_text(encoding="utf-8")
    assert render.main(["--guide", str(tmp_path), "--notebooks", str(notebooks_dir)]) == 0
    assert (
        render.main(["--guide", str(tmp_path), "--notebooks", str(notebooks_dir), "--check"]) == 0
    )


# ----------------------------------------------------------------------------- notebook 10, ex. 3
@pytest.fixture(scope="module")
def strat():
    return keys.stratification()


def test_stratifying_removes_the_bias_on_average(strat):
    se_unstratified = strat.unstratified_sd / math.sqrt(strat.n_clinics)
    se_ps0 = strat.ps0_sd / math.sqrt(strat.n_clinics)
    assert strat.unstratified_mean > 10 * se_unstratified  # doctor's choice is biased
    assert abs(strat.ps0_mean) < 3 * se_ps0  # status 0 only: unbiased within Monte-Carlo error
    assert abs(strat.mh_mean) < 3 * strat.mh_sd / math.sqrt(strat.n_clinics)
    assert abs(strat.randomized_mean) < 3 * strat.randomized_sd / math.sqrt(strat.n_clinics)


def test_stratifying_on_one_stratum_adds_noise(strat):
    assert strat.ps0_sd > 2 * strat.unstratified_sd
    assert strat.mh_sd < strat.ps0_sd
    assert strat.randomized_sd <= strat.mh_sd
    assert strat.ps0_untreated_n < strat.ps0_treated_n / 3  # almost every fit patient treated


def test_in_clinic_0_the_stratified_estimate_is_not_closer_to_zero(strat):
    """The fact behind the flag on notebook 10's exercise 3 (true effect zero)."""
    assert abs(strat.ps0_clinic0) > abs(strat.unstratified_clinic0)


# ----------------------------------------------------------------------------- other keys
def test_simon_example_designs_meet_their_targets(values):
    for criterion in ("optimal", "minimax"):
        assert float(values[f"a2.simon_{criterion}.alpha"]) <= 0.05
        assert float(values[f"a2.simon_{criterion}.power"]) >= 0.80


def _int(text):
    return int(text.replace(",", ""))


def test_assignment_2_is_sized_with_the_noninferiority_module(values):
    """Equal true rates: a 5-point margin needs about four times a 10-point one, and more than
    the superiority comparison of HD against LD; a true loss beyond the margin has no size."""
    import il2kit
    from il2kit.noninferiority import noninferiority_sample_size

    assert _int(values["a2.ni_equal_5"]) > _int(values["a2.n_hd_ld"])
    assert 3 < _int(values["a2.ni_equal_5"]) / _int(values["a2.ni_equal_10"]) < 5
    assert _int(values["a2.ni_ld_10"]) > _int(values["a2.ni_equal_5"])
    assert values["a2.ni_ld_5"] == "no sample size"
    with pytest.raises(il2kit.InfeasibleDesignError):
        noninferiority_sample_size(0.13, 0.21, margin=0.05)
    # the top-level name the assignment quotes is the module's function
    assert il2kit.noninferiority_sample_size is noninferiority_sample_size


def test_the_assignment_keys_do_not_use_the_superiority_planner_for_noninferiority(repo_root):
    text = (repo_root / "instructors" / "assignments.md").read_text(encoding="utf-8")
    assert "noninferiority_sample_size" in text
    assert "a2.ni_approx" not in text
    assert "overall survival" in text and "cannot size" in text


def test_keys_use_the_renamed_result_fields_only():
    source = (Path(keys.__file__)).read_text(encoding="utf-8")
    for old in ('fisher_p"', "p_value", "base_rate", '"response_rate"', 'q_p"', "_attr("):
        assert old not in source, f"keys.py still reads {old}"


def test_sample_size_roughly_quadruples_when_the_difference_halves(values):
    ratio = int(values["ss.n_15_20"]) / int(values["ss.n_15_25"])
    assert 3 < ratio < 5


def test_zero_events_upper_limit_is_near_the_rule_of_three(values):
    upper = float(values["zero60.upper"].rstrip("%"))
    rule = float(values["zero60.rule_of_three"].rstrip("%"))
    assert rule < upper < 1.3 * rule


def test_landmark_analyses_find_no_effect_where_there_is_none(values):
    assert float(values["landmark.naive_p"]) < 0.05
    assert float(values["landmark.p3"]) > 0.05 and float(values["landmark.p6"]) > 0.05
    assert int(values["landmark.n6"]) < int(values["landmark.n3"])


def test_keys_quoted_as_answers_match_their_model_answers(values):
    # 06.2: the trials before the review pool larger than all, pulled down by the later one
    assert float(values["pool.before_or"]) > float(values["pool.all_or"])
    assert float(values["pool.after_or"]) < float(values["pool.all_or"])
    assert int(values["pool.before_k"]) == int(values["pool.all_k"]) - 1
    # 12.1: DL and REML agree on the pooled rate far more closely than on tau²
    rate_gap = abs(
        float(values["reml.dl_estimate"][:-1]) - float(values["reml.reml_estimate"][:-1])
    )
    tau_gap = abs(float(values["reml.tau2_change"][:-1]))
    assert rate_gap < 0.1 and tau_gap >= 1
    # 11.3: theory and the synthetic cohort differ by a few points
    assert 0 < abs(float(values["cure.km60"][:-1]) - float(values["cure.s60"][:-1])) < 5
    # 16.1: adjusting for response brings the arm's ratio near the 0.7 built in
    low, high = (float(v) for v in values["hr.ex1_ci"].split(" to "))
    assert low < 0.7 < high
    assert float(values["hr.ex1_crude"]) < float(values["hr.ex1_adjusted"])
    # 16.2: the implied median is close to the printed one
    assert abs(float(values["hr.motzer_implied"]) - float(values["hr.motzer_printed"])) < 1
    # 17.1: even the worst case leaves HD ahead, by less
    assert (
        0
        < float(values["app.worst"].replace("+", ""))
        < float(values["rub.mcd_rd"].replace("+", ""))
    )
    # 13.1: excluding the unassessed widens arm A's lead
    assert float(values["ap.ex1_evaluable"]) > float(values["ap.ex1_itt"])
    # 14.3: O'Brien-Fleming costs little and saves when the treatment works
    assert 1 < float(values["interim.obf3_inflation"]) < 1.05
    assert float(values["interim.obf3_fraction"]) < float(values["interim.obf3_null_fraction"])
    # 12.2: I² rises without the heaviest
    assert float(values["loo.i2_rest"].rstrip("%")) > float(values["loo.i2_all"].rstrip("%"))
    # 12 ex. 3: stricter publication, fewer trials, a lower pooled rate than the 20% rule
    assert int(values["pub.n25"]) < int(values["pub.n20"])
    assert float(values["pub.at25"].rstrip("%")) < float(values["pub.at20"].rstrip("%"))
    # 05 ex. 2: the exact interval equals the printed one
    assert values["atz2001.ci"] == values["atz2001.printed_ci"]
