"""InterviewSim: mock-interview practice. The core, importable without Streamlit."""

__version__ = "0.1.0"
