"""The patient view's pictures: icon arrays of 100 people (Altair) and the spine drawing."""

from __future__ import annotations

import altair as alt
import pandas as pd

from pathway.patient import Figure

HIGHLIGHT = "#0072B2"  # Okabe-Ito blue, filled person
REST = "#8C8C8C"  # grey, outlined circle: shape and fill differ too, not only colour
WHITE = "#FFFFFF"

# A person (head and shoulders) in Vega's unit square for custom point shapes.
PERSON = (
    "M0,-1 C0.28,-1 0.45,-0.8 0.45,-0.55 C0.45,-0.3 0.28,-0.1 0,-0.1 C-0.28,-0.1 -0.45,-0.3 "
    "-0.45,-0.55 C-0.45,-0.8 -0.28,-1 0,-1 Z M-0.8,1 C-0.8,0.35 -0.45,0.05 0,0.05 "
    "C0.45,0.05 0.8,0.35 0.8,1 Z"
)


def icon_data(n: int) -> pd.DataFrame:
    """100 rows, one per person, in a 10 x 10 grid filled row by row from the top left."""
    yes, no = labels(n)
    return pd.DataFrame(
        {
            "column": [i % 10 for i in range(100)],
            "row": [i // 10 for i in range(100)],
            "group": [yes if i < n else no for i in range(100)],
        }
    )


def labels(n: int) -> tuple[str, str]:
    return f"{n} people like this (filled)", f"{100 - n} others (outline)"


def icon_array(figure: Figure) -> alt.Chart:
    """A 10 x 10 icon array with figure.n_of_100 highlighted: filled people vs open circles."""
    yes, no = labels(figure.n_of_100)
    domain = [yes, no]
    grid = alt.Scale(domain=[-0.6, 9.6], nice=False, zero=False)
    return (
        alt.Chart(icon_data(figure.n_of_100))
        .mark_point(size=300, strokeWidth=1.6, opacity=1)
        .encode(
            x=alt.X("column:Q", axis=None, scale=grid),
            y=alt.Y("row:Q", axis=None, scale=alt.Scale(domain=[-0.6, 9.6], nice=False, reverse=True)),
            shape=alt.Shape("group:N", scale=alt.Scale(domain=domain, range=[PERSON, "circle"]), title=None),
            fill=alt.Fill("group:N", scale=alt.Scale(domain=domain, range=[HIGHLIGHT, WHITE]), title=None),
            stroke=alt.Stroke("group:N", scale=alt.Scale(domain=domain, range=[HIGHLIGHT, REST]), title=None),
            tooltip=[alt.Tooltip("group:N", title="Group")],
        )
        .properties(width=260, height=370)  # Streamlit fits plot + legend into this box
        .configure_legend(orient="bottom", direction="vertical", labelFontSize=14, symbolSize=160)
        .configure_view(stroke=None)
    )


def figures_table(figures: list[Figure]) -> pd.DataFrame:
    """The text alternative of the icon arrays: one row per figure."""
    return pd.DataFrame(
        {
            "Out of 100 people": [f.n_of_100 for f in figures],
            "What happened": [f.what for f in figures],
            "Who was studied": [f.population for f in figures],
            "Study": [f"[{f.ref}]" + (" second-hand" if f.second_hand else "") for f in figures],
        }
    )
