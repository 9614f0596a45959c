"""Data keys: how an appraisal cites what the data set quotes."""

from __future__ import annotations

from il2kit._validation import check_key

APPRAISED_STUDY = "mcdermott2005"

# ----------------------------------------------------------------------------- data keys
SUPPORT_TABLES = ("statements", "effects", "quotes", "sources")


def support_text(key: str) -> str:
    """The verbatim text a data key points to (see the module docstring for the key forms).

    Raises
    ------
    TypeError
        If ``key`` is not a string.
    ValueError
        If the key's table is unknown or no row of the data set matches it.

    Examples
    --------
    >>> from il2kit.appraisal import support_text
    >>> support_text("statements:mcdermott2005_enrolled")
    'One hundred ninety-two patients were enrolled between April 1997 and July 2000.'
    >>> support_text("quotes:mcdermott2005/trials/hd_il2/n")[:40]
    'The response rate was 23.2% (22 of 95 pa'
    """
    from il2kit.data import load_effects, load_quotes, load_sources, load_statements

    if not isinstance(key, str):
        raise TypeError(f"`key` must be a string such as 'statements:<key>', got {key!r}.")
    table, sep, rest = key.partition(":")
    if not sep or not rest:
        raise ValueError(
            f"Invalid key={key!r}; must be '<table>:<key>' with a table of {list(SUPPORT_TABLES)}."
        )
    check_key("table", table, SUPPORT_TABLES)
    if table == "statements":
        rows = load_statements().set_index("key")["statement"]
    elif table == "effects":
        rows = load_effects().set_index("effect_id")["statement"]
    elif table == "sources":
        s = load_sources().set_index("study")
        rows = s["title"].astype(str) + " (page read: " + s["url_read"].astype(str) + ")"
    else:
        parts = rest.split("/")
        if len(parts) != 4:
            raise ValueError(
                f"Invalid key={key!r}; a quote is 'quotes:<study>/<table>/<row_key>/<field>'."
            )
        q = load_quotes()
        hit = q[
            (q["study"] == parts[0])
            & (q["table"] == parts[1])
            & (q["row_key"] == parts[2])
            & (q["field"] == parts[3])
        ]
        if hit.empty:
            raise ValueError(f"Invalid key={key!r}: no such row in quotes.csv.")
        return str(hit["quote"].iloc[0])
    if rest not in rows.index:
        raise ValueError(f"Invalid key={key!r}: no row {rest!r} in {table}.csv.")
    return str(rows.loc[rest])


def _resolves(key: str) -> bool:
    try:
        support_text(key)
    except (TypeError, ValueError):
        return False
    return True
