"""The concept inventory's questions, as data (scored by :mod:`il2kit.course.inventory`).

Each question has a stem, four options labelled A-D, exactly one keyed, and a one-line
explanation for every option. The figures in a stem are either hypothetical (and say so) or come
from ``data/``: the question's ``sources`` name the study keys, and ``tests/test_inventory.py``
checks each figure against the data set and the kit's computations.

The kit is historical and educational; it is not medical advice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Option", "Question", "QUESTIONS"]


@dataclass(frozen=True)
class Option:
    """One answer option: its letter, text, whether it is the keyed answer, and why."""

    label: str
    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class Question:
    """A multiple-choice question.

    Attributes
    ----------
    id : str
        ``"q01"`` ... ``"q17"``.
    concept : str
        The concept it probes (a short key, e.g. ``"noninferiority"``).
    stem : str
        The question as shown to students.
    options : tuple of Option
        Four options labelled ``"A"`` to ``"D"``, exactly one correct.
    notebooks : tuple of str
        File stems of the notebooks that teach it.
    sources : tuple of str
        Study keys of ``data/`` whose figures the stem quotes (empty if hypothetical).
    """

    id: str
    concept: str
    stem: str
    options: tuple[Option, ...]
    notebooks: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(o.label for o in self.options)

    @property
    def correct_option(self) -> Option:
        """The keyed option (the inventory's tests check there is exactly one)."""
        keyed = [o for o in self.options if o.correct]
        if len(keyed) != 1:
            raise ValueError(f"question {self.id} has {len(keyed)} correct options, not 1")
        return keyed[0]

    def option(self, label: str) -> Option:
        for o in self.options:
            if o.label == label:
                return o
        raise ValueError(f"question {self.id} has no option {label!r}; it has {list(self.labels)}")


def _q(
    qid: str,
    concept: str,
    stem: str,
    options: Sequence[tuple[str, bool, str]],
    notebooks: Sequence[str] = (),
    sources: Sequence[str] = (),
) -> Question:
    opts = tuple(
        Option(label=letter, text=text, correct=correct, explanation=why)
        for letter, (text, correct, why) in zip("ABCD", options, strict=True)
    )
    return Question(qid, concept, stem, opts, tuple(notebooks), tuple(sources))


# The keyed letters are spread over A-D; tests/test_inventory.py checks each question's figures.
QUESTIONS: tuple[Question, ...] = (
    _q(
        "q01",
        "ci_response_rate",
        "A phase II trial of continuous-infusion IL-2 (vondermaase1991) saw 8 responses in 51 "
        "evaluable patients: 15.7%, exact 95% confidence interval (CI) 7.0% to 28.6%. "
        "Which reading is right?",
        [
            (
                "There is a 95% chance that the regimen's true response rate is 15.7%.",
                False,
                "15.7% is the estimate from one sample; the true rate is unknown and the CI "
                "says how far from 15.7% it plausibly lies.",
            ),
            (
                "True rates from about 7% to 29% are compatible with these data; intervals made "
                "this way contain the true rate in at least 95% of trials.",
                True,
                "Right: the exact (Clopper-Pearson) interval is a range of compatible true "
                "rates, and its 95% is a property of the method over repeated trials.",
            ),
            (
                "Each patient has a 7.0% to 28.6% chance of responding.",
                False,
                "A response rate describes a group of patients; the abstracts give no way to "
                "predict one patient's chance this precisely.",
            ),
            (
                "15.7% lies inside the review's 15-20% band, so the regimen matches high-dose "
                "IL-2.",
                False,
                "The interval also reaches rates far below and above the band, and a single arm "
                "has no concurrent high-dose control to compare with.",
            ),
        ],
        notebooks=("02_finding1_high_dose_response", "08_how_sure_is_a_response_rate"),
        sources=("vondermaase1991",),
    ),
    _q(
        "q02",
        "phase2_vs_phase3",
        "What is a single-arm phase II trial of a new IL-2 regimen designed to decide?",
        [
            (
                "Whether the regimen is active enough, against an assumed response rate p0, "
                "to deserve a randomized trial.",
                True,
                "Right: phase II screens for activity against a historical rate; it cannot "
                "rank regimens or show a survival benefit.",
            ),
            (
                "Whether the regimen gives a higher response rate than high-dose IL-2.",
                False,
                "Without a concurrent control the comparison is with other trials' patients; "
                "ranking two regimens needs a randomized (phase III) comparison.",
            ),
            (
                "Whether the regimen lengthens overall survival.",
                False,
                "A single arm has nothing to compare survival with, and phase II trials are too "
                "small for survival; that is a phase III question.",
            ),
            (
                "The highest dose patients can tolerate.",
                False,
                "Finding the tolerable dose is the job of a phase I (dose-finding) trial.",
            ),
        ],
        notebooks=("09_phase2_designs", "10_randomized_trials"),
    ),
    _q(
        "q03",
        "selection_bias",
        "A phase II trial enrols only patients with ECOG performance status 0 (fully active) "
        "and reports a higher response rate than earlier trials of the same regimen that "
        "enrolled status 0 to 2. Apart from chance, what most likely explains the difference?",
        [
            (
                "Stricter eligibility raised the dose each patient received.",
                False,
                "Eligibility decides who is treated, not the dose; the regimen is the same.",
            ),
            (
                "Stricter eligibility always lowers response rates, so the newer trial's "
                "centres must be better.",
                False,
                "It is the other way round: fitter patients tend to respond more often.",
            ),
            (
                "Patient selection: fitter patients respond more often, whatever the regimen.",
                True,
                "Right: the observed rate belongs to the population enrolled; notebook 09's "
                "simulation shows it rising with stricter eligibility and no change in the drug.",
            ),
            (
                "Nothing: eligibility cannot change a response rate, since every patient is "
                "their own control.",
                False,
                "In a single-arm trial no patient is a control; the rate depends on who was "
                "let in.",
            ),
        ],
        notebooks=("09_phase2_designs", "12_pooling_evidence"),
    ),
    _q(
        "q04",
        "randomization",
        "In routine care, doctors gave a new treatment mostly to fit patients, and treated "
        "patients responded more often than untreated ones. Why would a randomized trial give "
        "a fairer comparison?",
        [
            (
                "Chance allocation balances fitness and every other prognostic factor, measured "
                "or not, between the arms on average.",
                True,
                "Right: randomization removes confounding by design; no one's judgement about "
                "the patient decides the treatment.",
            ),
            (
                "Randomization makes the two arms identical in every trial.",
                False,
                "Only on average: any one trial can be unbalanced by chance, which the CI and "
                "p-value allow for.",
            ),
            (
                "Randomization makes the trial larger, so the estimate is more precise.",
                False,
                "Size sets precision; randomization removes systematic error (bias), not noise.",
            ),
            (
                "Randomization means no control arm is needed.",
                False,
                "Randomization allocates patients between arms; it needs a control arm to "
                "allocate to.",
            ),
        ],
        notebooks=("10_randomized_trials",),
    ),
    _q(
        "q05",
        "response_vs_survival",
        "In renal cell carcinoma, negrier1998 reported response rates of 6.5% (IL-2), 7.5% "
        "(interferon alfa) and 18.6% (both), yet 'no significant difference in overall survival "
        "among the three groups'. What does this show?",
        [
            (
                "Survival matters less than response, so the combination should be preferred.",
                False,
                "Survival is what matters to patients; a response is a stand-in for it.",
            ),
            (
                "The survival analysis must have been wrong, since responses rose.",
                False,
                "More responses need not move survival: notebook 10 simulates exactly this.",
            ),
            (
                "Response and survival always move together, so a survival gain must exist.",
                False,
                "They need not; assuming the surrogate tracks survival is what the trial tested.",
            ),
            (
                "Response rate was a poor surrogate here: more tumour shrinkage did not "
                "translate into a detectable survival gain.",
                True,
                "Right: the same pattern recurs in RCC and melanoma trials (notebooks 05, 06, 10).",
            ),
        ],
        notebooks=("05_finding4_rcc_combinations", "10_randomized_trials"),
        sources=("negrier1998",),
    ),
    _q(
        "q06",
        "sample_size",
        "A randomized trial planned to tell a 15% response rate from 25% needs about 250 "
        "patients per arm (80% power, two-sided 5% level). About how many per arm does it need "
        "to tell 15% from 20%?",
        [
            (
                "About 125: half the difference, half the patients.",
                False,
                "Sample size grows as the difference shrinks, roughly with 1 / difference squared.",
            ),
            (
                "About 250: the control rate is the same.",
                False,
                "The difference to detect halved, so far more patients are needed.",
            ),
            (
                "About 500: half the difference, twice the patients.",
                False,
                "Precision grows with the square root of n, so halving the difference takes "
                "about four times as many patients.",
            ),
            (
                "About 900: roughly four times as many.",
                True,
                "Right: `il2kit.sample_size_two_rates` gives several hundred per arm, about "
                "four times the number for a 10-point difference.",
            ),
        ],
        notebooks=(
            "04_finding3_lower_doses",
            "08_how_sure_is_a_response_rate",
            "10_randomized_trials",
        ),
    ),
    _q(
        "q07",
        "absence_of_evidence",
        "The randomized trial yang2003 found a higher response rate with high-dose than with "
        "low-dose IV IL-2 'but no overall survival difference'. What can you conclude about "
        "survival?",
        [
            (
                "The two doses are equivalent for survival.",
                False,
                "A non-significant difference is not equivalence: the trial may have missed a "
                "difference it was too small to detect.",
            ),
            (
                "No survival difference large enough for this trial to detect was seen; "
                "equivalence would need a trial designed to rule out a pre-set difference.",
                True,
                "Right: absence of evidence is not evidence of absence; equivalence and "
                "non-inferiority need a margin set in advance.",
            ),
            (
                "Low dose is better, because it was less toxic and survival was the same.",
                False,
                "'The same' is not what the trial showed; and the lower toxicity came with fewer "
                "responses.",
            ),
            (
                "High dose is better for survival, because it gave more responses.",
                False,
                "Response is not survival; the survival comparison itself found no difference.",
            ),
        ],
        notebooks=("04_finding3_lower_doses", "07_since_2002", "08_how_sure_is_a_response_rate"),
        sources=("yang2003",),
    ),
    _q(
        "q08",
        "heterogeneity",
        "A random-effects meta-analysis of response rates reports I² = 50%. What does I² measure?",
        [
            (
                "The pooled share of patients who responded.",
                False,
                "That is the pooled estimate, not I².",
            ),
            (
                "The probability that the pooled estimate is wrong.",
                False,
                "I² is not a probability about the estimate.",
            ),
            (
                "The share of the variation between the studies' estimates that is more than "
                "chance alone would produce.",
                True,
                "Right: I² near 0% means the spread looks like sampling error; with few studies "
                "I² itself is very imprecise.",
            ),
            (
                "The percentage of studies with a significant result.",
                False,
                "I² is computed from Cochran's Q, not from counting significant studies.",
            ),
        ],
        notebooks=("12_pooling_evidence", "02_finding1_high_dose_response"),
    ),
    _q(
        "q09",
        "pooling_bias",
        "Twenty single-arm trials of one regimen, each enrolling only very fit patients, are "
        "pooled; the pooled response rate has a narrow confidence interval. What has pooling "
        "fixed?",
        [
            (
                "Both the chance variation and the selection of fit patients.",
                False,
                "Pooling averages the same bias twenty times; the bias stays.",
            ),
            (
                "The chance variation (variance), but not the selection bias every trial shares.",
                True,
                "Right: the pool converges, precisely, on the rate of the selected patients "
                "(notebook 12, section 4).",
            ),
            (
                "The selection bias, because different centres enrolled the patients.",
                False,
                "Every centre applied the same strict eligibility, so the bias points the same "
                "way in every trial.",
            ),
            (
                "Publication bias, because many trials are included.",
                False,
                "Many published trials can all come from the promising side; only registering "
                "every trial lets the missing ones be found.",
            ),
        ],
        notebooks=("12_pooling_evidence", "09_phase2_designs"),
    ),
    _q(
        "q10",
        "multiplicity",
        "mcdermott2005 found no significant difference in overall survival between high-dose "
        "IL-2 and subcutaneous IL-2 + interferon (P = .24), but reported survival 'superior "
        "with HD IL-2' in patients with bone or liver metastases (P = .001) or a primary tumor "
        "in place (P = .040). How should these subgroup results be read?",
        [
            (
                "As proof that high-dose IL-2 should be kept for those subgroups.",
                False,
                "A subgroup result without a test of interaction or a second trial is a "
                "hypothesis, not proof, even when the subgroup was a stratification factor.",
            ),
            (
                "As more reliable than the overall result, because subgroups are more alike.",
                False,
                "Subgroups are smaller and, when many are examined, some small p-values arise "
                "by chance alone.",
            ),
            (
                "As hypotheses: they need pre-specification, a test of interaction and "
                "confirmation in another trial.",
                True,
                "Right: with ten independent subgroup tests and no true effect, the chance of at "
                "least one P < .05 is about 40% (1 - 0.95^10).",
            ),
            (
                "As meaningless, because subgroup analyses are never allowed.",
                False,
                "Pre-specified subgroup analyses with interaction tests are legitimate; the "
                "problem is many unadjusted tests read one by one.",
            ),
        ],
        notebooks=("05_finding4_rcc_combinations", "13_analysis_populations_and_multiplicity"),
        sources=("mcdermott2005",),
    ),
    _q(
        "q11",
        "itt",
        "A randomized trial reports response only among 'evaluable' patients, after excluding "
        "patients who stopped early because of toxicity, more of them in one arm. Which analysis "
        "keeps the protection that randomization gave?",
        [
            (
                "Intention-to-treat: every randomized patient, in the arm they were assigned to.",
                True,
                "Right: exclusions after randomization that depend on the arm (here toxicity) "
                "can make the arms differ in prognosis again.",
            ),
            (
                "Per-protocol: only patients who completed treatment as planned.",
                False,
                "Those who complete treatment are a selected group, selected differently in "
                "each arm.",
            ),
            (
                "As-treated: patients grouped by the treatment they actually received.",
                False,
                "Grouping by treatment received breaks the random allocation, like an "
                "observational study.",
            ),
            (
                "Any of them: randomization protects every analysis equally.",
                False,
                "It protects the comparison of the groups as randomized, and only that one.",
            ),
        ],
        notebooks=("13_analysis_populations_and_multiplicity",),
    ),
    _q(
        "q12",
        "noninferiority",
        "A hypothetical trial asks whether outpatient subcutaneous IL-2 is no worse than "
        "high-dose IL-2 by more than 5 percentage points in response rate (the margin). It finds "
        "a difference (subcutaneous minus high-dose) of -3 points, 95% CI -9 to +3. What follows?",
        [
            (
                "Non-inferiority is shown, because -3 lies within the 5-point margin.",
                False,
                "The whole lower side of the CI must clear the margin, not just the estimate.",
            ),
            (
                "Subcutaneous IL-2 is shown to be inferior, because the estimate is negative.",
                False,
                "The CI includes 0 and positive values; inferiority is not shown either.",
            ),
            (
                "The regimens are equivalent, because the CI includes 0.",
                False,
                "Including 0 only means no difference was detected; equivalence needs the whole "
                "CI inside both margins.",
            ),
            (
                "Non-inferiority is not shown: the lower limit, -9, lies beyond the -5 margin.",
                True,
                "Right: the data are compatible with a loss of up to 9 points, more than the "
                "5 points the trial said it would accept.",
            ),
        ],
        notebooks=("08_how_sure_is_a_response_rate", "15_non_inferiority"),
    ),
    _q(
        "q13",
        "hazard_ratio",
        "A hypothetical randomized trial reports a hazard ratio for death of 0.80 (95% CI 0.65 "
        "to 0.98), new treatment versus control. What does it say?",
        [
            (
                "20% fewer patients died on the new treatment.",
                False,
                "That would be a risk ratio at one time point; a hazard ratio compares event "
                "rates over follow-up.",
            ),
            (
                "At any time during follow-up, patients on the new treatment died at an estimated "
                "20% lower rate than controls; the CI excludes 1.",
                True,
                "Right: the hazard is the instantaneous death rate among those still alive; "
                "a Cox model assumes the ratio stays constant over time.",
            ),
            (
                "Patients on the new treatment lived 20% longer.",
                False,
                "A hazard ratio is not a ratio of survival times; how much longer depends on "
                "the shape of the curves.",
            ),
            (
                "Median survival was 0.80 months longer.",
                False,
                "A hazard ratio has no units; it is not a difference in months.",
            ),
        ],
        notebooks=("16_hazard_ratios_and_nnt",),
    ),
    _q(
        "q14",
        "guarantee_time",
        "Reports of high-dose IL-2 noted that responders lived longer than non-responders, "
        "counted from the start of treatment. Why is this comparison biased even if response "
        "changed nothing?",
        [
            (
                "Responders received more doses of IL-2.",
                False,
                "The bias needs no dose difference: it comes from how the groups are defined.",
            ),
            (
                "Non-responders were more often censored.",
                False,
                "Censoring is handled by the Kaplan-Meier estimate; the bias lies elsewhere.",
            ),
            (
                "It is not biased: responders clearly benefit from responding.",
                False,
                "Notebook 11 simulates patients whose survival ignores response, and the naive "
                "comparison still 'finds' a benefit.",
            ),
            (
                "To be counted as a responder a patient must live long enough to respond "
                "(guarantee time); a landmark analysis removes most of this bias.",
                True,
                "Right: a group defined by something that happens after the start of follow-up "
                "gets that time for free.",
            ),
        ],
        notebooks=("11_survival_and_durable_responses",),
    ),
    _q(
        "q15",
        "zero_events",
        "A series reports no treatment-related deaths in 60 patients. Which statement is right?",
        [
            (
                "The risk of a treatment-related death is 0%.",
                False,
                "0 of 60 is compatible with a small but real risk.",
            ),
            (
                "No confidence interval can be computed with zero events.",
                False,
                "The exact interval handles zero events; its lower limit is 0.",
            ),
            (
                "The exact 95% upper limit of the death rate is about 6%, close to the 'rule of "
                "three', 3/60 = 5%.",
                True,
                "Right: `il2kit.response_rate(0, 60).ci_high`; larger series narrow it "
                "(notebook 03).",
            ),
            (
                "The risk must be below 1 in 60, since no one died.",
                False,
                "A risk of 1 in 60 or even somewhat more would often produce no deaths in 60 "
                "patients.",
            ),
        ],
        notebooks=("03_finding2_toxicity",),
    ),
    _q(
        "q16",
        "interim_analyses",
        "A hypothetical randomized trial plans four equally spaced looks at its data with "
        "O'Brien-Fleming boundaries (two-sided 5%). At the second look the comparison gives "
        "p = 0.01; the boundary at that look requires p < 0.0042. What should happen?",
        [
            (
                "The trial continues: the boundary was not crossed, and the design keeps its 5% "
                "only if its boundaries are kept.",
                True,
                "Right: each look has its own, stricter threshold, fixed in advance; a data "
                "monitoring committee weighs it (notebook 14).",
            ),
            (
                "The trial stops for efficacy, because p = 0.01 is below 0.05.",
                False,
                "Testing at 0.05 at each of four looks declares a useless treatment effective in "
                "about 13% of trials, not 5%.",
            ),
            (
                "The trial switches to Pocock's boundary, which p = 0.01 crosses, and stops.",
                False,
                "Choosing the boundary after seeing the data breaks the error control the design "
                "promised, as testing at every look does.",
            ),
            (
                "The trial stops: an early result this strong shows that the effect is large.",
                False,
                "Early estimates vary most, and trials stopped early tend to overstate the "
                "effect; here the boundary was not even crossed.",
            ),
        ],
        notebooks=("14_interim_analyses",),
    ),
    _q(
        "q17",
        "blinding_concealment",
        "In mcdermott2005, patients were randomized between high-dose IV IL-2 in hospital and "
        "subcutaneous IL-2 with interferon as outpatients, so patients and doctors knew who "
        "received which regimen. Which protections against bias were still possible?",
        [
            (
                "None: a trial that cannot be blinded cannot be protected against bias.",
                False,
                "An open-label trial can still conceal its allocation and have its outcomes "
                "assessed by reviewers who do not know the arm.",
            ),
            (
                "Blinding the patients, with a placebo infusion in the subcutaneous arm.",
                False,
                "No placebo disguises a regimen given in hospital every 8 hours with the "
                "toxicity of high-dose IL-2.",
            ),
            (
                "Concealing the allocation, which keeps patients and doctors unaware of the arm "
                "throughout the trial.",
                False,
                "Concealment hides only the next assignment, before a patient is enrolled; "
                "keeping the arm hidden afterwards is blinding.",
            ),
            (
                "Concealed allocation, so that whoever enrols a patient cannot foresee the next "
                "arm, and blinded review of the scans, so that response is read without "
                "knowing the arm.",
                True,
                "Right: concealment protects the randomization and is always possible; "
                "independent blinded review protects the outcome an open label exposes most, "
                "response (notebook 17).",
            ),
        ],
        notebooks=("17_appraising_a_trial",),
        sources=("mcdermott2005",),
    ),
)
