"""Source pathway: the text word for word, its sentence ids, and what rests on each."""

import pandas as pd
import streamlit as st

from pathway.sources import rule_texts as rules
from pathway.sources.errors import ContentError
from pathway.sources.source import ATTRIBUTION, source_markdown
from ui import loaders
from ui.page import page_header, page_links

doc = page_header("Source pathway", "source")


try:
    source = loaders.source_doc()
except ContentError as exc:
    st.error(f"The source pathway cannot be shown: {exc}.", icon=":material/error:")
    page_links(exclude="pages/2_Source_pathway.py")
    st.stop()

sentences = source.sentences
left, right = st.columns([3, 2], gap="large")
with left:
    show_ids = st.toggle("Show sentence ids", value=True, key="source_show_ids")
    picked = st.multiselect(
        "Highlight sentences",
        list(sentences),
        key="source_highlight",
        format_func=lambda sid: f"{sid} · {sentences[sid].text[:60]}…",
        placeholder="Choose sentence ids",
    )
    with st.container(border=True, key="source_text"):
        st.caption(ATTRIBUTION)
        st.markdown(source_markdown(source, frozenset(picked), show_ids=show_ids, top=2))

with right:
    if doc:
        st.header("How to read it")
        st.markdown(doc.section("How to read it"))
    st.header("What rests on each sentence")
    used = loaders.sentence_usage()
    table = pd.DataFrame(
        [
            {
                "id": sid,
                "section": s.section or "(opening)",
                "used by": "; ".join(used.get(sid, [])) or "—",
                "narrative": rules.NARRATIVE.get(sid, ""),
            }
            for sid, s in sentences.items()
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch", height=420)
    st.header("Interpretations", anchor="interpretations")
    if doc:
        st.markdown(doc.section("Interpretations"))
    for item in rules.INTERPRETATIONS:
        # Each reading has its own anchor (#i1 ...), so pages that apply it link here.
        st.subheader(f"{item.id} · {item.title}", anchor=item.id.lower())
        st.markdown(item.text)
        st.caption("Interprets " + ", ".join(item.sources))

page_links(exclude="pages/2_Source_pathway.py")
