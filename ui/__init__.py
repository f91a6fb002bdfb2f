"""Streamlit side of the app: page frame (page), the case in the URL (case), cached loads
(loaders), charts (charts, evidence, evidence_charts) and the patient view's pictures (patient)."""
