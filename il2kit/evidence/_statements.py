"""What the sources say in their own words: the quote behind a figure, statements by topic."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from il2kit._validation import check_key


def quote(study: str, field: str, *, row_key: str | None = None, table: str = "trials") -> str:
    """The verbatim sentence a figure was taken from (``quotes.csv``).

    ``row_key`` is the arm (trials), row id (toxicity), effect id or schedule; it may be left
    out when the study has one row with that field.

    Examples
    --------
    >>> from il2kit.evidence import quote
    >>> quote("fyfe1995", "orr_pct")[:40]
    'The overall objective response rate was '
    """
    from il2kit.data import load_quotes

    quotes = load_quotes()
    check_key("table", table, sorted(set(quotes["table"].astype(str))))
    rows = quotes[(quotes["study"] == study) & (quotes["table"] == table)]
    if rows.empty:
        raise ValueError(f"Invalid study={study!r}: no quote in table {table!r}.")
    check_key("field", field, sorted(set(rows["field"])))
    rows = rows[rows["field"] == field]
    if row_key is not None:
        check_key("row_key", row_key, sorted(set(rows["row_key"])))
        rows = rows[rows["row_key"] == row_key]
    sentences = list(dict.fromkeys(rows["quote"]))
    if len(sentences) > 1:
        raise ValueError(
            f"{study} has {len(sentences)} quotes for {field!r}; give row_key, one of "
            f"{sorted(set(rows['row_key']))}."
        )
    return str(sentences[0])


# What the first lessons print: the sources' own words on a topic, toxicity by organ system per
# source, and treatment-related death rates with exact intervals.

#: How each kind of page of statements.csv is named when a statement is printed.
DOCUMENT_NAMES = {
    "current_label": "current US label",
    "older_label": "older US label",
    "label_monograph": "older US label, as a drug monograph restates it",
    "manufacturer_page": "manufacturer's page",
    "publication": "abstract",
    "publication_text": "full text",
    "regulatory_notice": "FDA notice",
}


@dataclass(frozen=True)
class Statements:
    """Verbatim statements of ``data/statements.csv`` on some topics, in file order.

    ``str()`` prints each once (two rows holding two figures of one sentence are one statement),
    wrapped, with its source key and the kind of page it was read on; :meth:`to_frame` gives the
    rows with ``published`` and ``after_review`` of the source (see
    :func:`il2kit.published_after_review`).
    """

    topics: tuple[str, ...]
    rows: pd.DataFrame = field(repr=False, compare=False)
    width: int = 100

    def to_frame(self) -> pd.DataFrame:
        return self.rows.reset_index(drop=True)

    def __str__(self) -> str:
        if self.rows.empty:
            return "No statement on " + ", ".join(self.topics) + "."
        lines = []
        for row in self.rows.drop_duplicates("statement").itertuples():
            where = DOCUMENT_NAMES.get(str(row.document), str(row.document))
            lines.append(
                textwrap.fill(
                    f"- {row.source} ({where}): {row.statement}",
                    self.width,
                    subsequent_indent="  ",
                )
            )
        return "\n".join(lines)


def statements(*topics: str, keys: Iterable[str] | None = None, width: int = 100) -> Statements:
    """What the label and the papers say on ``topics`` (``statements.csv``), verbatim.

    Parameters
    ----------
    *topics : str
        Topics of ``statements.csv`` (``il2kit.data.STATEMENT_TOPICS``), e.g. ``"reversibility"``,
        ``"cls_what"``, ``"standard_of_care"``; none: every topic.
    keys : iterable of str, optional
        Keep only these statement keys (in file order).
    width : int
        Line width of ``str()``.

    Examples
    --------
    >>> from il2kit.evidence import statements
    >>> print(statements("reversibility", keys=["atkins1999_reversed_rapidly"]))
    - atkins1999 (abstract): Toxicities, although severe, generally reversed rapidly after therapy
      was completed.
    >>> bool(statements("standard_of_care").to_frame()["after_review"].any())
    False

    Notes
    -----
    The statements are the rows of :func:`il2kit.data.load_statements` (validated: each has its
    source, the page read and, for a figure, a quote in ``quotes.csv``).
    """
    from il2kit._schema import STATEMENT_TOPICS
    from il2kit._validation import check_int_range
    from il2kit.data import load_sources, load_statements

    for topic in topics:
        check_key("topics", topic, STATEMENT_TOPICS)
    table = load_statements()
    if topics:
        table = table[table["topic"].astype(str).isin(topics)]
    if keys is not None:
        wanted = list(keys) if not isinstance(keys, str) else [keys]
        for key in wanted:
            check_key("keys", key, list(table["key"]))
        table = table[table["key"].isin(wanted)]
    sources = load_sources().set_index("study")
    table = table.assign(
        published=table["source"].astype(str).map(sources["published"]),
        after_review=table["source"].astype(str).map(sources["after_review"]).astype("boolean"),
    )
    columns = ["key", "topic", "source", "document", "section", "statement", "published",
               "after_review"]  # fmt: skip
    return Statements(
        topics=tuple(topics) or tuple(STATEMENT_TOPICS),
        rows=table[columns].reset_index(drop=True),
        width=check_int_range("width", width, 40, 400),
    )
