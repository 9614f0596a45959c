"""Widgets driven headless: set a control's ``.value``; the result and the picture must change,
and bad input gives a message (with the stale picture cleared), never an exception.

Only public state is read: ``view.result``, ``view.figure``, ``view.controls``, ``view.error``,
``view.message``, ``view.image``, ``view.table`` (a test below holds this file to that).
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import ipywidgets as w  # noqa: E402
import matplotlib as mpl  # noqa: E402
import pytest  # noqa: E402

from il2kit import widgets  # noqa: E402

VIEWS = [
    widgets.RegimenComparer,
    widgets.ToxicityExplorer,
    widgets.DoseCalculator,
    widgets.SimonDesigner,
    widgets.SampleSizePlanner,
    widgets.RateSampler,
    widgets.ShrinkageSimulator,
    widgets.SurrogateSimulator,
]


def picture(view) -> str:
    """The PNG the learner sees (base64 inside the <img>); equal strings, same picture."""
    found = re.search(r'base64,([^"]+)"', view.image.value)
    assert found, view.error
    return found.group(1)


@pytest.mark.parametrize("cls", VIEWS, ids=lambda c: c.__name__)
def test_default_state_draws_an_accessible_picture(cls):
    view = cls()
    assert view.error is None and view.result is not None
    img = view.image.value
    assert 'alt="Figure: ' in img and "width=" in img
    # the figure object is the one drawn: a notebook's fallback shows view.figure
    width, height = view.figure.get_size_inches() * view.figure.dpi
    assert f'width="{int(width)}"' in img and f'height="{int(height)}"' in img
    assert view.figure.axes


@pytest.mark.parametrize("cls", VIEWS, ids=lambda c: c.__name__)
def test_every_control_changes_result_and_picture(cls):
    view = cls()
    for name, control in view.controls.items():
        before_result, before_picture = view.result, picture(view)
        new = _another_value(control)
        if new is None:
            continue
        control.value = new
        assert view.error is None, (name, view.error)
        assert getattr(view.model, name) == (tuple(new) if isinstance(new, list) else new)
        assert view.result is not before_result, name  # recomputed
        if view.result != before_result:  # e.g. a larger nmax may find the same designs
            assert picture(view) != before_picture, name


def _another_value(control):
    if isinstance(control, widgets.RegimenPicker):
        return control.value[:1]
    if isinstance(control, (w.FloatSlider, w.IntSlider)):
        step = control.step
        return control.value + step if control.value + step <= control.max else control.value - step
    if isinstance(control, w.IntRangeSlider):
        low, high = control.value
        return (low + 5, high)
    if isinstance(control, w.Dropdown):
        values = (
            [v for _, v in control.options]
            if isinstance(control.options[0], tuple)
            else [v for v in control.options]
        )
        others = [v for v in values if v != control.value]
        return others[0] if others else None
    if isinstance(control, w.IntText):
        return control.value + 1
    if isinstance(control, w.FloatText):
        return control.value * 1.25
    raise AssertionError(f"no test value for {type(control).__name__}")


@pytest.mark.parametrize("cls", VIEWS, ids=lambda c: c.__name__)
def test_sliders_offer_exactly_what_the_model_accepts(cls):
    view = cls()
    for name, control in view.controls.items():
        if isinstance(control, (w.FloatSlider, w.IntSlider)):
            limit = view.model.LIMITS[name]
            assert (control.min, control.max) == pytest.approx((limit.low, limit.high)), name


@pytest.mark.parametrize("cls", VIEWS, ids=lambda c: c.__name__)
def test_redraw_leaves_the_global_style_alone(cls):
    before = dict(mpl.rcParams)
    view = cls()
    view.refresh()
    assert dict(mpl.rcParams) == before


def test_an_error_clears_the_stale_picture_and_table_then_recovers():
    view = widgets.SimonDesigner()
    assert view.table.value
    view.controls["p1"].value = 0.03  # below p0 = 0.05
    assert view.error and "p1" in view.message.value
    assert view.image.value == "" and view.table.value == "" and view.result is None
    assert view.figure.axes == [] and view.figure.texts == []  # the public figure is blank
    assert view.table_frame is None
    view.controls["p1"].value = 0.25
    assert view.error is None and picture(view) and view.table.value
    assert view.figure.axes
    assert view.table_frame is not None


@pytest.mark.parametrize("cls", VIEWS, ids=lambda c: c.__name__)
def test_table_frame_is_the_table_the_widget_shows(cls):
    # a notebook's static fallback displays view.table_frame: it must be what the page shows
    view = cls()
    if view.table_frame is None:
        assert view.table.value == ""
    else:
        assert view.table.value == view.table_frame.to_html(index=False, escape=True)
        assert len(view.table_frame) >= 1


def test_simon_designer_has_the_nmax_its_message_mentions():
    view = widgets.SimonDesigner()
    view.controls["p1"].value = 0.10
    view.controls["nmax"].value = 50
    assert view.error and "nmax" in view.error
    assert view.controls["beta"].max < 0.5


def test_simon_designer_at_its_largest_nmax_does_not_say_increase_nmax():
    import il2kit

    view = widgets.SimonDesigner()
    view.controls["p0"].value, view.controls["p1"].value = 0.40, 0.42
    view.controls["nmax"].value = view.controls["nmax"].max
    assert view.result is None and "increase nmax" not in view.error
    assert f"n <= {view.controls['nmax'].max}, the largest nmax" in view.error
    assert "raise alpha=0.05 / beta=0.2" in view.error and "il2kit.simon_design(" in view.error
    with pytest.raises(il2kit.InfeasibleDesignError, match="largest nmax"):
        view.model.compute()
    view.controls["nmax"].value = view.controls["nmax"].max - 10  # the slider can still help
    assert "increase nmax" in view.error


def test_comparer_keeps_a_regimens_colour_and_marker_across_selections():
    from matplotlib.colors import to_hex

    from il2kit.plotting import regimen_style

    def styles(view):
        ax = view.figure.axes[0]
        return {to_hex(c.get_facecolor()[0]) for c in ax.collections if len(c.get_facecolor())}

    view = widgets.RegimenComparer()
    regimens = view.controls["regimens"].value
    view.controls["regimens"].value = regimens[-1:]
    alone = styles(view)
    assert alone == {regimen_style(regimens[-1])[0].lower()}
    view.controls["regimens"].value = regimens
    assert alone <= styles(view)


def test_comparer_labels_are_readable_and_grouped_under_regimen_headers():
    view = widgets.RegimenComparer()
    ax = view.figure.axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert not any("_" in t for t in ticks), ticks
    headers = [t.get_text() for t in ax.texts]
    for label in set(view.result.arms["regimen_label"]):  # long names end in "…"
        assert any(h.rstrip("…") and label.startswith(h.rstrip("…")) for h in headers), label


@functools.cache
def _data_keys() -> frozenset[str]:
    """The data set's keys that read as keys: studies and regimens with a digit or "_"."""
    import il2kit

    keys = {*il2kit.load_sources()["study"], *il2kit.load_regimens()["regimen"]}
    return frozenset(str(k) for k in keys if re.search(r"[\d_]", str(k)))


@functools.cache
def _quoted() -> tuple[str, ...]:
    """Text shown as the data gives it (regimen names, toxicity populations, which may cite a
    study key in their prose), and "Atkins 1999 (atkins1999)": a name pointing to its key."""
    import il2kit
    from il2kit.evidence import source_label

    studies = il2kit.load_toxicity()["study"].astype(str).unique()
    texts = [
        *il2kit.load_regimens()["label"].astype(str),
        *il2kit.load_toxicity()["population"].dropna().astype(str),
        *(f"{source_label(k)} ({k})" for k in studies),
    ]
    return tuple(sorted(set(texts), key=len, reverse=True))


def keys_shown(texts, allowed=frozenset()) -> set[str]:
    """Data keys and snake_case names in ``texts``, outside the data's own prose and the
    "Name (key)" pointers of :func:`_quoted`; ``allowed`` names are a control's own
    description (e.g. the slider "rate_b")."""
    import html

    found = set()
    for text in texts:
        text = html.unescape(str(text))
        for quoted in _quoted():
            text = text.replace(quoted, " ")
        for token in re.findall(r"[A-Za-z0-9_]+", text):
            if (token in _data_keys() or re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", token)) and (
                token not in allowed
            ):
                found.add(token)
    return found


def texts_shown(view) -> list[str]:
    """What the learner reads: the figure's text, the table (headings and cells), the message."""
    out = [t.get_text() for t in view.figure.texts]
    for ax in view.figure.axes:
        out += [t.get_text() for t in [*ax.get_yticklabels(), *ax.get_xticklabels(), *ax.texts]]
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        if ax.get_legend():
            out += [t.get_text() for t in ax.get_legend().get_texts()]
    out += re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", view.table.value, flags=re.S)
    return [*out, view.message.value]


def test_keys_shown_finds_keys():
    shown = ["hd_il2_iv_bolus", "chills (atkins1999)", "Kammula 1998 (atkins1999)"]
    assert keys_shown(shown) == {"hd_il2_iv_bolus", "atkins1999"}
    assert (
        keys_shown(
            ["Atkins 1999 (atkins1999)", "rate_b = 20%", "High-dose IV bolus IL-2"], {"rate_b"}
        )
        == set()
    )


@pytest.mark.parametrize("cls", VIEWS, ids=lambda c: c.__name__)
def test_every_view_shows_names_not_keys(cls):
    """Dropdowns offer (label, key) options with readable labels; the figure, table and message
    show names (a key only in parentheses after its name), whatever a dropdown is set to."""
    view = cls()
    allowed = {getattr(c, "description", "") for c in view.controls.values()}
    dropdowns = {n: c for n, c in view.controls.items() if isinstance(c, w.Dropdown)}
    for name, control in dropdowns.items():
        assert all(isinstance(o, tuple) for o in control.options), name
        labels = [str(label) for label, _ in control.options]
        assert not any(label == str(key) for label, key in control.options), (name, labels)
        assert not keys_shown(labels), (name, keys_shown(labels))
    assert not keys_shown(texts_shown(view), allowed), keys_shown(texts_shown(view), allowed)
    for name, control in dropdowns.items():
        for _, key in control.options:
            control.value = key
            shown = keys_shown(texts_shown(view), allowed)
            assert not shown, (name, key, shown)


def test_toxicity_explorer_names_sources_and_regimens():
    view = widgets.ToxicityExplorer()
    options = dict((key, label) for label, key in view.controls["study"].options)
    assert options["atkins1999"] == "Atkins 1999 (atkins1999)"
    assert dict(view.controls["regimen"].options)["High-dose IV bolus IL-2"] == "hd_il2_iv_bolus"
    view.controls["study"].value = "all"
    ticks = [t.get_text() for t in view.figure.axes[0].get_yticklabels()]
    assert any(t.startswith("hypotension (Kammula 1998)") for t in ticks), ticks
    assert "<th>Source</th>" in view.table.value and "<td>Atkins 1999</td>" in view.table.value
    assert "hd_il2_iv_bolus" not in view.table.value


def test_comparer_disease_round_trip_and_download():
    view = widgets.RegimenComparer()
    first = set(view.result.arms["label"])
    for disease in ("melanoma", "rcc", "melanoma", "rcc"):
        view.disease.value = disease
        assert view.error is None, view.error
    assert set(view.result.arms["label"]) == first
    assert 'download="il2kit_rcc_orr.csv"' in view.download.value
    view.controls["regimens"].value = ()
    assert view.error is None and "pick at least one regimen" in view.message.value
    assert view.download.value == ""


def test_dose_calculator_flags_a_slip_and_names_bad_input():
    view = widgets.DoseCalculator()
    assert view.result.per_dose_miu == pytest.approx(42.0)
    assert "licensed" in view.message.value and "not for prescribing" in str(view.children)
    view.controls["dose"].value = 60_000
    assert view.error is None and "tenfold" in view.message.value
    view.controls["schedule"].value = "hd720_nci_yang1994"  # the box takes the new dose
    assert view.controls["dose"].value == 720_000 and view.result.published
    view.controls["weight_kg"].value = 0
    assert view.error and "weight_kg" in view.message.value and "25" in view.message.value
    assert view.summary.value == ""


def test_this_file_reads_no_private_attribute():
    tree = ast.parse(Path(__file__).read_text())
    private = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    }
    assert not private, private


def test_a_views_figure_displays_as_a_picture_before_pyplot_is_imported():
    """A lesson's static fallback is ``view.figure``: it must store a PNG, not only its repr."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from il2kit import widgets\nview = widgets.SampleSizePlanner()"),
        nbformat.v4.new_code_cell("view.figure"),
    ]
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    assert "image/png" in nb.cells[1].outputs[0]["data"]


def test_switching_disease_back_reuses_the_regimen_checkboxes():
    """No widget leak: the second visit to a disease shows the same checkboxes, with the
    disease's default selection ticked."""
    view = widgets.RegimenComparer()
    first = list(view.regimens.children[1].children)
    ticked_first = [b.description for b in first if b.value]
    view.disease.value = "melanoma"
    assert view.regimens.children[1].children != tuple(first)
    view.disease.value = "rcc"
    again = list(view.regimens.children[1].children)
    assert [id(b) for b in again] == [id(b) for b in first]
    assert [b.description for b in again if b.value] == ticked_first
    assert len(ticked_first) == len(view.regimens.value) > 0


def counted_computes(view) -> list:
    """Wrap ``view.model.compute`` so each call is recorded (one call = one redraw)."""
    calls: list = []
    compute = view.model.compute

    def counting():
        result = compute()
        calls.append(result)
        return result

    view.model.compute = counting
    return calls


def test_setting_the_regimen_picker_in_code_is_one_change_and_one_redraw():
    """Setting ``value`` ticks the boxes to match without a redraw per flipped box (which
    would also show in-between selections)."""
    view = widgets.RegimenComparer()
    picker = view.controls["regimens"]
    chosen = picker.value
    assert len(chosen) >= 3
    calls = counted_computes(view)
    changes: list = []
    picker.observe(lambda c: changes.append(c["new"]), names="value")

    picker.value = chosen[:1]
    assert len(calls) == 1 and changes == [chosen[:1]]
    assert view.model.regimens == chosen[:1] and set(view.result.arms["regimen"]) == {chosen[0]}
    labels = dict(view.model.regimen_options())
    ticked = [b.description for b in picker.children[1].children if b.value]
    assert ticked == [k for k, v in labels.items() if v == chosen[0]]

    picker.value = chosen
    assert len(calls) == 2 and changes == [chosen[:1], chosen]

    # a click on one box is still one change, in the boxes' order
    box = next(b for b in picker.children[1].children if b.value)
    box.value = False
    assert len(calls) == 3 and len(changes) == 3
    assert view.model.regimens == chosen[1:]


def test_dose_calculator_draws_once_per_schedule_change_with_the_new_dose():
    view = widgets.DoseCalculator()
    calls = counted_computes(view)
    view.controls["schedule"].value = "hd720_fyfe1995"
    assert len(calls) == 1, [r.per_dose_miu for r in calls]
    assert calls[0].published and view.result is calls[0]
    assert view.controls["dose"].value == 720_000
    assert view.result.per_dose_miu == pytest.approx(0.72 * 70)
    # a typed dose still redraws once, and is the model's dose
    view.controls["dose"].value = 600_000
    assert len(calls) == 2 and view.model.dose == 600_000


def test_dose_calculator_draws_once_when_built():
    class Counting(widgets.DoseCalculator):
        draws = 0

        def refresh(self):
            type(self).draws += 1
            super().refresh()

    view = Counting()
    assert Counting.draws == 1 and view.controls["dose"].value == 600_000


def test_each_lesson_shows_a_widgets_table_beside_its_figure(notebook_paths):
    # The static fallback IS the widget's default state: where the widget shows a table, the
    # lesson shows it too (view.table_frame, or view.result.to_frame()).
    import re

    import nbformat

    created = re.compile(r"^(\w+) = widgets\.(\w+)\(\)$", re.M)
    checked = 0
    for path in notebook_paths:
        if not re.match(r"\d\d_", path.name):
            continue
        code = "\n".join(
            c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"
        )
        for name, cls in created.findall(code):
            if getattr(widgets, cls)().table_frame is None:
                continue
            checked += 1
            shown = f"{name}.table_frame" in code or f"{name}.result.to_frame()" in code
            assert shown, f"{path.name}: the table of {cls} ({name}) is not shown"
    assert checked >= 5  # comparer, toxicity, Simon, shrinkage, surrogate
