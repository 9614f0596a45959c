"""The self-checks, tested like the statistics.

For every registered exercise: each declared misconception differs from the expected value and
gets its own hint; every slip its answer kind allows is recognised and named; the tolerance
holds at its boundary (a value asked "to one decimal" passes rounded); messages stay one or two
short lines. The independent routes to the expected values are checked against the kit's own
functions and against published tables, so the two can only agree by both being right.
"""

from __future__ import annotations

import dataclasses
import math
import re

import numpy as np
import pandas as pd
import pytest

import il2kit
from il2kit.exercises import (
    SLIPS,
    CheckResult,
    check,
    evaluate,
    exercise_ids,
    get_exercise,
)
from il2kit.exercises import _routes as R
from il2kit.exercises._core import _matches

IDS = exercise_ids()
MAX_LINE = 170  # characters per message line: a sentence, never a table


def returns(value):
    return lambda: value


def raises(exc: BaseException):
    def fn():
        raise exc

    return fn


def scalar_ids(*kinds: str) -> list[str]:
    return [i for i in IDS if get_exercise(i).answer.kind in kinds]


NUMBER_KINDS = ("count", "number", "proportion", "percent")


# ----------------------------------------------------------------------------- the registry
def test_every_notebook_exercise_id_is_well_formed():
    assert IDS, "no exercise registered"
    for exercise_id in IDS:
        notebook, number = exercise_id.split(".")
        assert len(notebook) == 2 and notebook.isdigit() and number.isdigit(), exercise_id


@pytest.mark.parametrize("exercise_id", IDS)
def test_declaration_is_complete(exercise_id):
    ex = get_exercise(exercise_id)
    assert ex.question and ex.hint and ex.route, "question, hint and route must be filled in"
    assert ex.tolerance.why, "say why this tolerance fits the question"
    keys = [m.key for m in ex.misconceptions]
    hints = [m.hint for m in ex.misconceptions]
    assert len(keys) >= 2, "at least two misconceptions"
    assert len(set(keys)) == len(keys) and len(set(hints)) == len(hints)
    expected = ex.expected()
    if ex.answer.kind == "tuple":
        assert isinstance(expected, tuple) and len(expected) == len(ex.answer.names)
        assert all(math.isfinite(v) for v in expected)
    elif ex.answer.kind == "digits":
        assert isinstance(expected, str) and expected.isdigit()
    else:
        assert math.isfinite(float(expected))
        if ex.answer.kind == "count":
            assert float(expected).is_integer()
        if ex.answer.kind == "proportion":
            assert 0 <= expected <= 1


@pytest.mark.parametrize("exercise_id", IDS)
def test_no_misconception_equals_the_expected_value(exercise_id):
    ex = get_exercise(exercise_id)
    expected = ex.expected()
    for key, value in ex.misconception_values().items():
        assert not _matches(ex, value, expected), (
            f"misconception {key!r} gives {value!r}, accepted as the answer {expected!r}: choose "
            "data or parameters where the two differ"
        )


@pytest.mark.parametrize("exercise_id", IDS)
def test_each_misconception_gets_its_own_hint(exercise_id):
    ex = get_exercise(exercise_id)
    for m in ex.misconceptions:
        result = evaluate(exercise_id, returns(ex.misconception_values()[m.key]))
        assert result.status == "incorrect", (m.key, result.message)
        assert result.diagnosis == f"misconception:{m.key}", (m.key, result.message)
        assert m.hint in result.message


@pytest.mark.parametrize("exercise_id", IDS)
def test_hints_do_not_give_the_answer_away(exercise_id):
    ex = get_exercise(exercise_id)
    expected = ex.expected()
    texts = [ex.hint, *(m.hint for m in ex.misconceptions)]
    values = expected if isinstance(expected, tuple) else (expected,)
    for value in values:
        if isinstance(value, str):
            shown = {value}
        elif float(value).is_integer():
            continue  # small whole numbers (3, 13) legitimately appear in hints
        else:
            # three or four significant figures: enough to copy, more than an input like 0.10
            shown = {f"{value:.{d}g}" for d in (3, 4)} | {f"{100 * value:.3g}"}
        for text in texts:
            assert not any(s in text for s in shown), f"{text!r} shows the answer {value!r}"


# A call written out with its arguments: name(args). Maths such as S(t) or log(2) and a pointer
# such as help(il2kit.simon_design) are fine; two or more arguments, or any argument given to a
# code name (dotted or snake_case: pool_rates(...), .survival_at(10)), hand over the solution.
CALL = re.compile(r"([\w.]+)\(([^()]*)\)")
MAX_HINT = 160


def spelled_out_calls(text: str) -> list[str]:
    return [
        m.group(0)
        for m in CALL.finditer(text)
        if m.group(1) != "help"
        and m.group(2).strip()
        and ("," in m.group(2) or "_" in m.group(1) or "." in m.group(1))
    ]


@pytest.mark.parametrize(
    ("text", "spelled_out"),
    [
        ("il2kit.kaplan_meier(toy_time, toy_event).survival_at(10).", True),
        ('il2kit.simon_design(p0, p1, alpha=..., beta=..., criterion="minimax"); return r1', True),
        ("simulate_single_arm(0.10, 25, n_trials=20_000, threshold=0.20, rng=5), then", True),
        ("each test stays quiet; il2kit.familywise_error_rate(n_tests) computes it.", True),
        ("design.inflation_factor(0.8), at the design's own drift", True),
        ('filter hd on disease, then il2kit.pool_rates(..., method="REML")', True),
        ("a randomized design (.isin([...])) and the date", True),
        ("help(il2kit.simon_design) lists its criteria and how to set alpha and beta.", False),
        ("under constant hazards a median is log(2) / hazard: divide, do not multiply.", False),
        ("the rate follows from the median, then S(t) adds the cured c (c = 0.15).", False),
        ("look it up in il2kit.load_sources() and read its pmid.", False),
    ],
)
def test_the_rule_against_spelled_out_calls(text, spelled_out):
    assert bool(spelled_out_calls(text)) is spelled_out


@pytest.mark.parametrize("exercise_id", IDS)
def test_general_hint_teaches_without_spelling_out_the_solution(exercise_id):
    """The general hint names the idea and the function to look at, never the finished call: the
    worked solution under the self-check already shows the code."""
    hint = get_exercise(exercise_id).hint
    assert len(hint) <= MAX_HINT, f"{len(hint)} characters: one short line, please"
    assert not spelled_out_calls(hint), (
        f"{hint!r} spells out {spelled_out_calls(hint)}: name the function (or its help page) "
        "and the idea, not the call with its arguments"
    )


# ----------------------------------------------------------------------------- correct answers
@pytest.mark.parametrize("exercise_id", IDS)
def test_the_expected_value_passes_in_every_reasonable_container(exercise_id):
    ex = get_exercise(exercise_id)
    expected = ex.expected()
    assert evaluate(exercise_id, returns(expected)).passed
    if ex.answer.kind == "tuple":
        assert evaluate(exercise_id, returns(list(expected))).passed
        assert evaluate(exercise_id, returns(np.array(expected))).passed
    elif ex.answer.kind != "digits":
        assert evaluate(exercise_id, returns(np.float64(expected))).passed
    else:
        assert evaluate(exercise_id, returns(f" {expected} ")).passed


@pytest.mark.parametrize("exercise_id", IDS)
def test_tolerance_holds_at_its_boundary(exercise_id):
    ex = get_exercise(exercise_id)
    expected = ex.expected()
    if ex.answer.kind == "digits":
        return
    values = expected if isinstance(expected, tuple) else (expected,)
    element = ex.answer.element if ex.answer.kind == "tuple" else ex.answer.kind

    def with_element(i, value):
        if ex.answer.kind != "tuple":
            return value
        return tuple(value if j == i else v for j, v in enumerate(values))

    for i, value in enumerate(values):
        if element == "count":
            assert not evaluate(exercise_id, returns(with_element(i, value + 1))).passed
            assert not evaluate(exercise_id, returns(with_element(i, value - 1))).passed
            continue
        width = ex.tolerance.width(value)
        for sign in (1, -1):
            inside = value + sign * 0.9 * width
            outside = value + sign * 1.1 * width + sign * 1e-12
            assert evaluate(exercise_id, returns(with_element(i, inside))).passed, (i, inside)
            assert not evaluate(exercise_id, returns(with_element(i, outside))).passed, outside
        if ex.tolerance.decimals is not None:
            d = ex.tolerance.decimals
            rounded = round(value, d)
            assert evaluate(exercise_id, returns(with_element(i, rounded))).passed
            for step in (10**-d, -(10**-d)):
                wrong = round(rounded + step, d)
                assert not evaluate(exercise_id, returns(with_element(i, wrong))).passed


def test_02_3_accepts_the_answer_rounded_as_the_question_asks():
    expected = get_exercise("02.3").expected()
    assert evaluate("02.3", returns(round(expected, 1))).passed
    assert evaluate("02.3", returns(expected)).passed


# ----------------------------------------------------------------------------- slips
def slip_cases(exercise_id: str) -> dict[str, object]:
    """Every slip this exercise's answer kind allows: {expected diagnosis: returned value}."""
    ex = get_exercise(exercise_id)
    e = ex.expected()
    kind = ex.answer.kind
    cases: dict[str, object] = {
        "slip:none": None,
        "slip:empty": pd.DataFrame(),
        "slip:bool": True,
        "slip:function": len,
    }
    if kind in NUMBER_KINDS:
        cases["slip:nan"] = float("nan")
        cases["slip:text_for_number"] = str(e)
        cases["slip:container"] = pd.Series([e])
        cases["slip:tuple_for_number"] = (e, e + 1)
        cases["slip:object"] = Result(value=e)
        if e != 0:
            cases["slip:sign"] = -e
    if kind == "proportion":
        cases["slip:percent_for_proportion"] = 100 * e
    if kind == "percent":
        cases["slip:proportion_for_percent"] = e / 100
    if kind == "count":
        cases["slip:zero_count"] = 0
        cases["slip:not_whole"] = e + 0.4
    if kind in ("number", "proportion", "percent") and not ex.tolerance.accepts(round(e, 2), e):
        cases["slip:rounded"] = round(e, 2)
    if kind == "digits":
        cases["slip:number_for_text"] = int(e)
        cases["slip:text_format"] = f"PMID {e}"
        cases["slip:container"] = pd.Series([e])
    if kind == "tuple":
        cases["slip:number_for_tuple"] = e[0]
        cases["slip:wrong_length"] = (*e, e[-1])
        cases["slip:element"] = (None, *e[1:])
        cases["slip:object"] = Result(**{f"f{i}": v for i, v in enumerate(e)})
        cases["slip:text_for_number"] = str(e)
        if len(set(e)) == len(e):
            cases["slip:order"] = tuple(reversed(e))
        if ex.answer.element == "proportion":
            cases["slip:percent_for_proportion"] = tuple(100 * v for v in e)
        if ex.answer.element == "percent":
            cases["slip:proportion_for_percent"] = tuple(v / 100 for v in e)
    return cases


class Result:
    """A stand-in for a kit result object (ResponseRate, PooledEstimate, ...)."""

    def __init__(self, **values):
        self.__dict__.update(values)
        self.label = "a result"


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_slip_is_recognised_and_named(exercise_id):
    for diagnosis, value in slip_cases(exercise_id).items():
        result = evaluate(exercise_id, returns(value))
        assert result.status == "incorrect", (diagnosis, result.message)
        assert result.diagnosis == diagnosis, (diagnosis, result.message)
        assert result.diagnosis.split(":")[1] in SLIPS


@pytest.mark.parametrize("exercise_id", IDS)
def test_a_result_object_is_answered_with_the_attribute_to_use(exercise_id):
    ex = get_exercise(exercise_id)
    e = ex.expected()
    if ex.answer.kind in NUMBER_KINDS:
        message = evaluate(exercise_id, returns(Result(estimate=e, other=e + 1))).message
        assert "`.estimate`" in message
    elif ex.answer.kind == "tuple":
        obj = Result(**{name: v for name, v in zip(ex.answer.names, e, strict=True)})
        message = evaluate(exercise_id, returns(obj)).message
        assert all(f"`.{name}`" in message for name in ex.answer.names)


def rounded_slip_cases(exercise_id: str) -> dict[str, object]:
    """Slips made on top of rounding, the way a learner copies a printed value: a percent to
    one decimal where a proportion is asked, a tuple rounded to three decimals."""
    ex = get_exercise(exercise_id)
    e = ex.expected()
    cases: dict[str, object] = {}
    if ex.answer.kind == "proportion":
        cases["slip:percent_for_proportion"] = round(100 * e, 1)
    if ex.answer.kind == "percent" and not ex.tolerance.accepts(round(e / 100, 3), e / 100):
        cases["slip:proportion_for_percent"] = round(e / 100, 3)
    if ex.answer.kind == "tuple" and all(isinstance(v, float) for v in e):
        rounded = tuple(round(v, 3) for v in e)
        if not _matches(ex, rounded, e):
            cases["slip:rounded"] = rounded
        if ex.answer.element == "proportion":
            cases["slip:percent_for_proportion"] = tuple(round(100 * v, 1) for v in e)
    return cases


@pytest.mark.parametrize("exercise_id", IDS)
def test_a_rounded_slip_is_still_named(exercise_id):
    ex = get_exercise(exercise_id)
    for diagnosis, value in rounded_slip_cases(exercise_id).items():
        if any(_matches(ex, value, m) for m in ex.misconception_values().values()):
            continue  # a misconception's hint is the better message
        result = evaluate(exercise_id, returns(value))
        assert result.diagnosis == diagnosis, (diagnosis, value, result.message)


def test_rounded_slips_cover_most_exercises():
    # the test above must not pass by finding no cases
    assert sum(len(rounded_slip_cases(i)) for i in IDS) >= 20


def test_containers_and_missing_values_are_described_plainly():
    frame = pd.DataFrame({"a": range(44), "b": range(44)})
    message = evaluate("00.1", returns(frame)).message
    assert "44 rows and 2 columns" in message
    assert evaluate("02.1", returns((0.15, None))).message.count("None") == 1
    assert evaluate("09.2", returns(pd.NA)).diagnosis == "slip:nan"
    assert "1 value." in evaluate("02.1", returns((0.15,))).message


def test_the_kit_result_objects_named_in_the_review():
    rate = il2kit.response_rate(53, 259)
    message = evaluate("02.1", returns(rate)).message
    assert "ResponseRate" in message and "`.ci_low`" in message and "`.ci_high`" in message
    rcc = [8, 28], [51, 225]
    message = evaluate("04.2", returns(il2kit.pool_rates(*rcc))).message
    assert "PooledEstimate" in message and "`.estimate`" in message


@pytest.mark.parametrize("exercise_id", IDS)
def test_stubs_errors_and_non_functions(exercise_id):
    stub = raises(NotImplementedError("Exercise: write your code here"))
    result = evaluate(exercise_id, stub)
    assert (result.status, result.passed, result.diagnosis) == (
        "not_attempted",
        False,
        "not_attempted",
    )
    assert result.message.startswith(f"… {exercise_id}: not attempted")
    result = evaluate(exercise_id, raises(KeyError("RCC")))
    assert (result.status, result.diagnosis) == ("error", "raised:KeyError")
    assert "lower case" in result.message
    result = evaluate(exercise_id, 42)
    assert result.status == "error" and "no () after" in result.message


def test_empty_selection_from_the_wrong_case():
    trials = il2kit.load_trials()
    upper = trials[trials["disease"] == "RCC"]
    for value, diagnosis in [
        (upper, "slip:empty"),
        (upper["n"], "slip:empty"),
        (len(upper), "slip:zero_count"),
        ([], "slip:empty"),
    ]:
        result = evaluate("00.1", returns(value))
        assert result.diagnosis == diagnosis
        assert '"rcc"' in result.message


def test_a_pmid_as_a_number_is_named():
    pmid = int(get_exercise("00.2").expected())
    result = evaluate("00.2", returns(pmid))
    assert result.diagnosis == "slip:number_for_text" and "str(...)" in result.message


def test_review_cases_are_judged_right():
    """The three checks the learner review found misjudging."""
    from scipy import stats

    # 09 Ex2: the pmf no longer equals the cdf, and the lesson's optimal.pet0 is named
    assert evaluate("09.2", returns(stats.binom.pmf(3, 13, 0.20))).diagnosis == "misconception:pmf"
    optimal = il2kit.simon_design(0.05, 0.20, alpha=0.05, beta=0.20, criterion="optimal")
    assert evaluate("09.2", returns(optimal.pet0)).diagnosis == "misconception:lesson_design"
    assert evaluate("09.2", returns(stats.binom.cdf(3, 13, 0.20))).passed
    # 12 Ex1: DerSimonian-Laird is not accepted where REML is asked
    hd = il2kit.load_trials().query("regimen == 'hd_il2_iv_bolus' and same_cohort_as.isna()")
    rcc = hd.query("disease == 'rcc'").dropna(subset=["responders", "n"])
    dl = il2kit.pool_rates(rcc["responders"].astype(int), rcc["n"].astype(int), method="DL")
    assert evaluate("12.1", returns(dl.tau2)).diagnosis == "misconception:dl"
    # 02 Ex3: rounded to one decimal passes (tested above), one decimal off does not
    assert not evaluate("02.3", returns(round(get_exercise("02.3").expected(), 1) + 0.1)).passed


# ----------------------------------------------------------------------------- messages
@pytest.mark.parametrize("exercise_id", IDS)
def test_messages_are_one_or_two_short_lines(exercise_id):
    ex = get_exercise(exercise_id)
    values = [
        *slip_cases(exercise_id).values(),
        *ex.misconception_values().values(),
        ex.expected(),
        pd.DataFrame(np.ones((50, 8))),
        "x" * 500,
    ]
    for value in values:
        message = evaluate(exercise_id, returns(value)).message
        lines = message.split("\n")
        assert 1 <= len(lines) <= 2, message
        assert all(len(line) <= MAX_LINE for line in lines), message
        assert "0.0  " not in message and "dtype" not in message, "a table leaked: " + message


def test_check_prints_the_message_and_returns_none(capsys):
    assert check("00.1", returns(None)) is None
    printed = capsys.readouterr().out
    assert printed == evaluate("00.1", returns(None)).message + "\n"
    evaluate("00.1", returns(None))
    assert capsys.readouterr().out == ""


def test_check_result_is_frozen():
    result = evaluate("00.1", returns(None))
    assert isinstance(result, CheckResult)
    assert {f.name for f in dataclasses.fields(result)} >= {
        "exercise_id",
        "status",
        "passed",
        "message",
    }
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.passed = True  # type: ignore[misc]


def test_unknown_ids_are_refused():
    with pytest.raises(ValueError, match="09.2"):
        get_exercise("09.9")
    with pytest.raises(TypeError):
        get_exercise(9.2)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- the routes
@pytest.mark.parametrize("x, n", [(0, 20), (1, 20), (9, 77), (53, 259), (20, 20), (0, 809)])
def test_exact_interval_route_agrees_with_the_kit(x, n):
    rate = il2kit.response_rate(x, n)
    assert R.exact_interval(x, n) == pytest.approx((rate.ci_low, rate.ci_high), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("x, n", [(8, 51), (0, 20), (14, 103)])
def test_wilson_route_agrees_with_the_kit(x, n):
    rate = il2kit.response_rate(x, n, method="wilson")
    assert R.wilson_interval(x, n)[1] == pytest.approx(rate.ci_high, rel=1e-9)
    assert max(0.0, R.wilson_interval(x, n)[0]) == pytest.approx(rate.ci_low, abs=1e-12)


@pytest.mark.parametrize(
    "table", [(22, 95, 9, 91), (6, 270, 0, 362), (3, 28, 12, 71), (44, 91, 23, 92)]
)
def test_two_arm_routes_agree_with_the_kit(table):
    c = il2kit.compare_rates(*table)
    assert R.odds_ratio_woolf(*table) == pytest.approx(
        (c.odds_ratio, c.or_ci_low, c.or_ci_high), rel=1e-9
    )
    assert R.fisher_pvalue(*table) == pytest.approx(c.fisher_pvalue, rel=1e-9)
    assert R.pearson_chi2_pvalue(*table) == pytest.approx(c.chi2_pvalue, rel=1e-9)


@pytest.mark.parametrize("method", ["FE", "DL", "REML"])
def test_pooling_route_agrees_with_the_kit(method):
    x, n = [36, 22, 53, 43, 30, 12, 0], [255, 95, 259, 270, 120, 71, 14]
    kit = il2kit.pool_rates(x, n, method=method)
    mine = R.pool(*R.logit_effects(x, n), method)
    assert mine["tau2"] == pytest.approx(kit.tau2, rel=1e-6, abs=1e-12)
    assert mine["i2"] == pytest.approx(kit.i2, rel=1e-6, abs=1e-9)
    assert R.pooled_rate(x, n, method) == pytest.approx(kit.estimate, rel=1e-9)
    a, na, b, nb = [44, 39, 22], [91, 200, 50], [23, 27, 14], [92, 195, 52]
    kit_or = il2kit.pool_odds_ratios(a, na, b, nb, method=method)
    assert R.pooled_odds_ratio(a, na, b, nb, method)["odds_ratio"] == pytest.approx(
        kit_or.estimate, rel=1e-8
    )


@pytest.mark.parametrize(
    "rates, power, method",
    [
        ((0.20, 0.30), 0.80, "normal"),
        ((0.21, 0.10), 0.90, "normal"),
        ((0.138, 0.195), 0.90, "arcsine"),
        ((0.15, 0.20), 0.80, "arcsine"),
    ],
)
def test_sample_size_route_agrees_with_the_kit(rates, power, method):
    kit = il2kit.sample_size_two_rates(*rates, power=power, method=method)
    assert R.n_per_arm(*rates, power=power, method=method) == kit


@pytest.mark.parametrize(
    "p0, p1, optimal, minimax",
    [
        (0.10, 0.30, (1, 10, 5, 29), (1, 15, 5, 25)),  # Simon (1989), Table 1
        (0.20, 0.40, (3, 13, 12, 43), (4, 18, 10, 33)),
        (0.05, 0.20, (0, 10, 3, 29), (0, 13, 3, 27)),
    ],
)
def test_simon_search_reproduces_the_published_designs(p0, p1, optimal, minimax):
    assert R.simon_design(p0, p1, 0.05, 0.20, "optimal") == optimal
    assert R.simon_design(p0, p1, 0.05, 0.20, "minimax") == minimax


def test_survival_routes_agree_with_the_kit():
    time, event = [2, 3, 3, 5, 8, 9, 12, 15], [1, 1, 0, 1, 0, 1, 1, 0]
    km = il2kit.kaplan_meier(time, event)
    for t in (1, 3, 8.5, 10, 20):
        assert R.kaplan_meier_at(time, event, t) == pytest.approx(float(km.survival_at(t)))
    rng = np.random.default_rng(0)
    t = rng.exponential(10, 200)
    e = (rng.random(200) < 0.8).astype(int)
    g = np.repeat([0, 1], 100)
    kit = il2kit.logrank(t, e, g)
    assert R.logrank_pvalue(t, e, g) == pytest.approx(kit.pvalue, rel=1e-6)


def test_monte_carlo_answers_pass_with_any_seed():
    from il2kit import simulate

    for seed in range(5):
        share = simulate.simulate_single_arm(0.10, 25, n_trials=20_000, threshold=0.20, rng=seed)[
            "above_threshold"
        ].mean()
        assert evaluate("08.3", returns(float(share))).passed, seed
        sims = simulate.simulate_pick_the_winner([0.15] * 6, 30, 200, n_trials=10_000, rng=seed)
        assert evaluate("10.2", returns(float(sims["shrinkage"].mean()))).passed, seed
