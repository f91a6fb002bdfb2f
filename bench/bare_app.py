"""Bare reference app for bench/run.py: one keyed slider and one 100-row Altair line chart."""

import altair as alt
import pandas as pd
import streamlit as st

value = st.slider("Value", 0, 52, 0, step=1, key="weeks_conservative")
data = pd.DataFrame({"x": range(100), "y": [(i * (value + 1)) % 37 for i in range(100)]})
chart = alt.Chart(data).mark_line().encode(x="x:Q", y="y:Q")
st.altair_chart(chart, width="stretch", key="bare_chart", alt=f"Bare chart: value is {value}")
