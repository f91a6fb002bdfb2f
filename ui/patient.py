"""The patient view's pictures and print styles (Streamlit side of pathway.patient.words)."""

from __future__ import annotations

import streamlit as st

from pathway.patient.drawings import ICON_WIDTH, icon_array_svg
from pathway.patient.numbers import Number

# Printing the page itself (Ctrl+P): the menu, the header and every widget hidden, the main
# column full width, cards and number blocks kept whole. No URL text anywhere in it.
PRINT_CSS = """
<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header,
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stSkipToContent"], .st-key-patient_case, .st-key-patient_widgets,
  [data-testid="stPageLink"], [data-testid="stDownloadButton"], [data-testid="stButtonGroup"],
  [data-testid="stElementToolbar"], .st-key-patient_links, .st-key-patient_sure_questions {
    display: none !important;
  }
  [data-testid="stMain"], [data-testid="stMainBlockContainer"] { max-width: none !important;
    padding: 0 !important; margin: 0 !important; }
  [data-testid="stVerticalBlockBorderWrapper"], [data-testid="stExpander"], .st-key-patient_numbers img,
  [data-testid="stHorizontalBlock"], [class*="st-key-patient_choice_"], .st-key-patient_safety,
  .st-key-patient_decision { break-inside: avoid; }
  .st-key-patient_grid tr { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  /* The three choice cards one under the other on paper: each short enough to stay whole. */
  [data-testid="stHorizontalBlock"]:has(.st-key-patient_choice_keep_going) {
    flex-direction: column !important; }
  [data-testid="stHorizontalBlock"]:has(.st-key-patient_choice_keep_going) > [data-testid="stColumn"] {
    width: 100% !important; flex: 1 1 auto !important; }
}
</style>
"""


# The options table on screen: cells read from the top; on a phone each row stacks under its
# question, every cell headed by its choice's name (the data-label pathway.patient.grid writes).
GRID_CSS = """
<style>
.st-key-patient_grid table { width: 100%; }
.st-key-patient_grid td, .st-key-patient_grid th { vertical-align: top; text-align: left; }
.st-key-patient_grid td p { margin: 0 0 0.4em; }
.st-key-patient_grid tbody th { width: 11em; }
@media (max-width: 700px) {
  .st-key-patient_grid table, .st-key-patient_grid tbody, .st-key-patient_grid tr,
  .st-key-patient_grid td, .st-key-patient_grid tbody th { display: block; width: 100% !important; }
  .st-key-patient_grid thead { display: none; }
  .st-key-patient_grid tbody th { font-size: 1.1em; border-top: 3px solid currentColor; }
  .st-key-patient_grid td::before { content: attr(data-label); display: block; font-weight: 700; }
}
</style>
"""


def options_table(table_html: str) -> None:
    """The options table (pathway.patient.grid.grid_html: every text escaped, no links or URLs)."""
    with st.container(key="patient_grid"):
        st.markdown(table_html, unsafe_allow_html=True)


def print_styles() -> None:
    st.html(PRINT_CSS + GRID_CSS)


def icon_array(number: Number) -> None:
    """One labelled image of 100 people: the numbers in words are its only accessible text."""
    st.image(icon_array_svg(number.n or 0, number.alt), width=ICON_WIDTH, alt=number.alt)
