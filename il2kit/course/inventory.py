"""A short pre/post concept inventory on the ideas the kit teaches, and its scoring.

The questions themselves are data in :mod:`il2kit.course.questions` (re-exported here).

Seventeen multiple-choice questions, one per concept (the confidence interval of a response
rate, phase II versus phase III, selection bias, randomization, response versus survival, sample
size, "no significant difference", heterogeneity, what pooling fixes, multiplicity,
intention-to-treat, non-inferiority, the hazard ratio, guarantee-time bias, zero events, interim
analyses, blinding and allocation concealment). Students take it before the
course and again at the end: :func:`score` and :func:`score_many` score answers,
:func:`normalized_gain` compares the two scores, :func:`item_analysis` finds the questions a class
found hardest.

The kit is historical and educational; it is not medical advice.

Examples
--------
>>> from il2kit.course import inventory
>>> len(inventory.QUESTIONS)
17
>>> result = inventory.score({"q01": "B", "q02": "d"})
>>> print(result)
Concept inventory: 1 of 17 correct (5.9%); 2 answered, 15 unanswered.
>>> inventory.normalized_gain(40, 70)
0.5
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from il2kit._validation import check_mapping, check_percent
from il2kit.course.questions import QUESTIONS, Option, Question

__all__ = [
    "Option",
    "Question",
    "ItemResult",
    "InventoryScore",
    "QUESTIONS",
    "answer_key",
    "score",
    "score_many",
    "item_analysis",
    "normalized_gain",
    "questions_html",
]


def answer_key(questions: Sequence[Question] = QUESTIONS) -> dict[str, str]:
    """``{question id: keyed letter}``.

    >>> answer_key()["q12"]
    'D'
    """
    return {q.id: q.correct_option.label for q in questions}


# ----------------------------------------------------------------------------- scoring
@dataclass(frozen=True)
class ItemResult:
    """One question's outcome: the answer given (None if unanswered) and the key."""

    question_id: str
    concept: str
    given: str | None
    keyed: str
    is_correct: bool
    explanation: str

    @property
    def answered(self) -> bool:
        return self.given is not None


@dataclass(frozen=True)
class InventoryScore:
    """The score of one set of answers.

    Attributes
    ----------
    items : tuple of ItemResult
        One per question, in the inventory's order.
    n_questions, n_answered, n_correct : int
    percent : float
        Correct answers as a percentage of all questions (unanswered count as wrong).
    """

    items: tuple[ItemResult, ...]

    @property
    def n_questions(self) -> int:
        return len(self.items)

    @property
    def n_answered(self) -> int:
        return sum(item.answered for item in self.items)

    @property
    def n_correct(self) -> int:
        return sum(item.is_correct for item in self.items)

    @property
    def percent(self) -> float:
        return 100.0 * self.n_correct / self.n_questions

    def __str__(self) -> str:
        unanswered = self.n_questions - self.n_answered
        return (
            f"Concept inventory: {self.n_correct} of {self.n_questions} correct "
            f"({self.percent:.1f}%); {self.n_answered} answered, {unanswered} unanswered."
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per question: ``question_id``, ``concept``, ``given``, ``keyed``,
        ``is_correct``, ``explanation`` (of the option given; of the key if unanswered)."""
        return pd.DataFrame(
            [
                {
                    "question_id": i.question_id,
                    "concept": i.concept,
                    "given": i.given,
                    "keyed": i.keyed,
                    "is_correct": i.is_correct,
                    "explanation": i.explanation,
                }
                for i in self.items
            ]
        )


def _clean_answer(question: Question, value: object) -> str | None:
    """A letter of ``question`` (case-insensitive), or None for unanswered."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if not isinstance(value, str):
        raise TypeError(
            f"The answer to {question.id} must be an option letter such as 'A' (a str) or None, "
            f"got {value!r}."
        )
    letter = value.strip().upper()
    if letter not in question.labels:
        raise ValueError(
            f"Invalid answer {value!r} to {question.id}; must be one of {list(question.labels)} "
            "(or None if unanswered)."
        )
    return letter


def _check_ids(ids: Sequence[object], questions: Sequence[Question]) -> None:
    known = {q.id for q in questions}
    for qid in ids:
        if not isinstance(qid, str):
            raise TypeError(f"Question ids must be strings such as 'q01', got {qid!r}.")
    unknown = [qid for qid in ids if qid not in known]
    if unknown:
        raise ValueError(
            f"Unknown question id(s) {unknown}; the inventory's ids are "
            f"{sorted(known)[0]!r} to {sorted(known)[-1]!r}."
        )


def score(
    answers: Mapping[str, object], questions: Sequence[Question] = QUESTIONS
) -> InventoryScore:
    """Score one student's answers.

    Parameters
    ----------
    answers : mapping of str to str or None
        ``{question id: option letter}``, e.g. ``{"q01": "B"}``. Letters are case-insensitive;
        a missing question or ``None`` counts as unanswered (and wrong).
    questions : sequence of Question, default all of :data:`QUESTIONS`

    Returns
    -------
    InventoryScore

    Raises
    ------
    TypeError
        If ``answers`` is not a mapping, a key is not a str, or an answer is not a str or None.
    ValueError
        If a key is not a question id, or a letter is not one of that question's options.

    Examples
    --------
    >>> score({"q15": "C"}).n_correct
    1
    >>> score({"q15": "E"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Invalid answer 'E' to q15; must be one of ['A', 'B', 'C', 'D'] ...
    """
    check_mapping("answers", answers)
    _check_ids(list(answers), questions)
    items = []
    for q in questions:
        given = _clean_answer(q, answers.get(q.id))
        keyed = q.correct_option
        explanation = q.option(given).explanation if given is not None else keyed.explanation
        items.append(
            ItemResult(q.id, q.concept, given, keyed.label, given == keyed.label, explanation)
        )
    return InventoryScore(tuple(items))


def _as_table(responses: object, questions: Sequence[Question]) -> pd.DataFrame:
    if isinstance(responses, pd.DataFrame):
        table = responses
    elif isinstance(responses, Mapping):
        table = pd.DataFrame.from_dict(dict(responses), orient="index")
    else:
        raise TypeError(
            "`responses` must be a DataFrame (one row per student, one column per question id) "
            f"or a mapping of student to answers, got {type(responses).__name__}."
        )
    if table.empty:
        raise ValueError("`responses` holds no students.")
    _check_ids(list(table.columns), questions)
    return table


def score_many(responses: object, questions: Sequence[Question] = QUESTIONS) -> pd.DataFrame:
    """Score a whole class.

    Parameters
    ----------
    responses : DataFrame or mapping
        One row per student (the index names them), one column per question id, cells an option
        letter or empty; or ``{student: {question id: letter}}``.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``responses``: ``n_answered``, ``n_correct``, ``percent``.

    Examples
    --------
    >>> score_many({"s1": {"q01": "B", "q02": "A"}, "s2": {"q01": "A"}})
        n_answered  n_correct    percent
    s1           2          2  11.764706
    s2           1          0   0.000000
    """
    table = _as_table(responses, questions)
    rows = {}
    for student, row in table.iterrows():
        answers = {k: (None if pd.isna(v) else v) for k, v in row.items()}
        result = score(answers, questions)
        rows[student] = {
            "n_answered": result.n_answered,
            "n_correct": result.n_correct,
            "percent": result.percent,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def item_analysis(responses: object, questions: Sequence[Question] = QUESTIONS) -> pd.DataFrame:
    """Per question: how many answered, the share correct among them, the commonest wrong option.

    A question most students miss, with one distractor chosen by most of them, points at a
    misconception worth a class discussion (the distractor's explanation says which).

    Returns
    -------
    pandas.DataFrame
        One row per question: ``question_id``, ``concept``, ``n_answered``, ``share_correct``
        (NaN if nobody answered), ``commonest_wrong`` (letter or None).
    """
    table = _as_table(responses, questions)
    rows = []
    for q in questions:
        column = table[q.id] if q.id in table.columns else pd.Series(dtype=object)
        given = [_clean_answer(q, None if pd.isna(v) else v) for v in column]
        answered = [g for g in given if g is not None]
        wrong = pd.Series([g for g in answered if g != q.correct_option.label], dtype=object)
        rows.append(
            {
                "question_id": q.id,
                "concept": q.concept,
                "n_answered": len(answered),
                "share_correct": (
                    sum(g == q.correct_option.label for g in answered) / len(answered)
                    if answered
                    else float("nan")
                ),
                "commonest_wrong": (
                    str(wrong.value_counts().sort_index().idxmax()) if len(wrong) else None
                ),
            }
        )
    return pd.DataFrame(rows)


def normalized_gain(pre_percent: object, post_percent: object) -> float:
    """Hake's normalized gain, ``(post - pre) / (100 - pre)``: the share of the possible
    improvement achieved (1 = everything missed before is right after; negative = worse).

    Raises
    ------
    TypeError
        If a score is not a number.
    ValueError
        If a score lies outside [0, 100], or ``pre_percent`` is 100 (no room to gain).

    Examples
    --------
    >>> normalized_gain(40, 70)
    0.5
    >>> normalized_gain(100, 90)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Invalid pre_percent=100.0; the normalized gain is undefined ...
    """
    pre = check_percent("pre_percent", pre_percent)
    post = check_percent("post_percent", post_percent)
    if pre == 100.0:
        raise ValueError(
            f"Invalid pre_percent={pre!r}; the normalized gain is undefined when the pre-test "
            "score is 100."
        )
    return (post - pre) / (100.0 - pre)


def questions_html(questions: Sequence[Question] = QUESTIONS, *, show_answers: bool = False) -> str:
    """The questions as an HTML ordered list (for a static page or a printed copy).

    With ``show_answers=True`` each option carries its explanation and the key is marked: that
    version is for instructors only.
    """
    if not isinstance(show_answers, bool):
        raise TypeError(f"`show_answers` must be True or False, got {show_answers!r}.")
    parts = ["<ol class='il2kit-inventory'>"]
    for q in questions:
        parts.append(f"<li id='{q.id}'><p>{html.escape(q.stem)}</p><ul>")
        for o in q.options:
            text = f"{o.label}. {html.escape(o.text)}"
            if show_answers:
                mark = "<strong>(key)</strong> " if o.correct else ""
                text += f" {mark}<em>{html.escape(o.explanation)}</em>"
            parts.append(f"<li>{text}</li>")
        parts.append("</ul></li>")
    parts.append("</ol>")
    return "\n".join(parts)
