"""Glossary: the terms the app uses, each with its own link, and a search box."""

import streamlit as st

import pathway.study as study
from pathway.sources.errors import ContentError
from pathway.sources.source import escape_markdown
from ui import loaders
from ui.page import page_header, page_links

doc = page_header("Glossary", "glossary", layout="centered")


try:
    TERMS = loaders.glossary()
except ContentError as exc:
    st.error(f"The glossary cannot be shown: {exc}.", icon=":material/error:")
    TERMS = ()

if TERMS:
    query = st.text_input(
        "Search the glossary",
        key="glossary_search",
        placeholder="e.g. ODI, fusion, oedema",
        icon=":material/search:",
    )
    hits = study.search_glossary(TERMS, query)
    if query.strip():
        st.caption(f"{len(hits)} of {len(TERMS)} terms match.")
    else:
        with st.expander(f"All {len(TERMS)} terms, A to Z"):
            ordered = sorted(TERMS, key=lambda t: t.term.lower())
            st.markdown(" · ".join(f"[{escape_markdown(t.term)}](#{t.slug})" for t in ordered))
    if not hits:
        st.info("No term matches that search. Try a shorter word.", icon=":material/search_off:")
    for t in hits:
        st.header(t.term, anchor=t.slug)
        st.markdown(t.text)

page_links(exclude="pages/7_Glossary.py")
