"""Streamlit adapters shared by the pages: cached loads, the disclaimer, case controls."""
