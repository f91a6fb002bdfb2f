"""Home: what the app is, who it is for, when not to use it, and a link to every page."""

import streamlit as st

from ui.case import current_scenario
from ui.page import page_header, page_index, page_links

doc = page_header("Home", "home", layout="centered", fallback="Pars Pathway Explorer")
# The cards carry the case of a shared link, as the menu does (Home has no case controls).
case = current_scenario().to_query() or None

st.header("Pages", anchor="pages")
for entry in page_index():
    with st.container(border=True):
        st.page_link(entry.file, label=f"**{entry.title}**", icon=entry.icon, query_params=case)
        st.caption(f"{entry.audience} · {entry.description}")

if doc:
    for name, body in doc.sections.items():
        st.subheader(name)
        st.markdown(body)

page_links(inline=False)
