"""The concept inventory as an ipywidgets form: one group of radio buttons per question and a
Score button.

Accessibility: every radio group has a visible label ("Question 3") and each option's text is
its own label, so a screen reader reads the option, not just a letter; the result appears in a
region marked ``role="status"`` (``aria-live="polite"``), so it is announced when it changes;
everything is reachable with the keyboard (Tab to a group, arrow keys to choose, Tab to the
button, Enter). Headless use (tests): set each ``form.choices[qid].value`` and call
:meth:`InventoryForm.score`; the result is ``form.result``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as w

from il2kit.course import inventory
from il2kit.course.inventory import InventoryScore, Question

__all__ = ["InventoryForm"]


class InventoryForm(w.VBox):
    """Radio buttons for each question, a Score button and a result line.

    Parameters
    ----------
    questions : sequence of Question, optional
        Default: all of :data:`il2kit.course.inventory.QUESTIONS`.
    reveal_answers : bool, default False
        False (a pre-test): the result gives the score only. True (a post-test or self-study):
        it also lists, for each question, whether the answer was right, the keyed option and
        the explanation of the option chosen.
    title : str
        The heading shown above the questions.
    """

    def __init__(
        self,
        questions: Sequence[Question] | None = None,
        *,
        reveal_answers: bool = False,
        title: str = "Concept inventory",
    ) -> None:
        if not isinstance(reveal_answers, bool):
            raise TypeError(f"`reveal_answers` must be True or False, got {reveal_answers!r}.")
        self.questions: tuple[Question, ...] = tuple(
            inventory.QUESTIONS if questions is None else questions
        )
        if not self.questions:
            raise ValueError("`questions` is empty; give at least one Question.")
        self.reveal_answers = reveal_answers
        self.result: InventoryScore | None = None
        self.choices: dict[str, w.RadioButtons] = {}
        children: list[w.Widget] = [w.HTML(f"<h3>{html.escape(title)}</h3>")]
        for number, q in enumerate(self.questions, start=1):
            stem = w.HTML(f"<p><strong>Question {number}.</strong> {html.escape(q.stem)}</p>")
            radios = w.RadioButtons(
                options=[(f"{o.label}. {o.text}", o.label) for o in q.options],
                value=None,
                description=f"Question {number}",
                style={"description_width": "initial"},
                layout=w.Layout(width="auto", margin="0 0 1em 0"),
            )
            self.choices[q.id] = radios
            children += [stem, radios]
        self.button = w.Button(
            description="Score my answers",
            tooltip="Score the answers chosen above",
            icon="check",
            button_style="primary",
            layout=w.Layout(width="auto"),
        )
        self.button.on_click(lambda _button: self.score())
        self.output = w.HTML(
            "<div role='status' aria-live='polite'>Choose one answer per question, then press "
            "<em>Score my answers</em>.</div>"
        )
        super().__init__(children=[*children, self.button, self.output])

    def answers(self) -> dict[str, str | None]:
        """``{question id: chosen letter or None}``."""
        return {qid: radios.value for qid, radios in self.choices.items()}

    def score(self) -> InventoryScore:
        """Score the current choices, show the result and return it."""
        self.result = inventory.score(self.answers(), self.questions)
        self.output.value = self.result_html(self.result)
        return self.result

    def result_html(self, result: InventoryScore) -> str:
        lines = [f"<p><strong>{html.escape(str(result))}</strong></p>"]
        if self.reveal_answers:
            lines.append("<ol>")
            for number, item in enumerate(result.items, start=1):
                if item.given is None:
                    verdict = f"not answered; the answer is {item.keyed}"
                elif item.is_correct:
                    verdict = f"{item.given}: right"
                else:
                    verdict = f"{item.given}: not right; the answer is {item.keyed}"
                lines.append(
                    f"<li value='{number}'>{html.escape(verdict)}. "
                    f"<em>{html.escape(item.explanation)}</em></li>"
                )
            lines.append("</ol>")
        else:
            lines.append(
                "<p>Explanations are hidden in this form (a pre-test). Your instructor will "
                "discuss the questions after the course.</p>"
            )
        return f"<div role='status' aria-live='polite'>{''.join(lines)}</div>"

    def reset(self) -> None:
        """Clear every choice and the result."""
        for radios in self.choices.values():
            radios.value = None
        self.result = None
        self.output.value = "<div role='status' aria-live='polite'>Cleared.</div>"
