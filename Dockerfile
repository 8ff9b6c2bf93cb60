# InterviewSim in a container: the Streamlit app on port 8501, run by a user without root rights.
#
#   docker build -t interviewsim .
#   docker run -p 8501:8501 -e DATABASE_URL=postgresql+psycopg://user:password@db:5432/interviewsim \
#       interviewsim
#
# Without DATABASE_URL the history is a SQLite file in /data: mount a volume there to keep it.
# Sign-in, an AI provider and other secrets: mount a secrets.toml at /app/.streamlit/secrets.toml,
# or pass the settings as environment variables (see .env.example and the README's Deployment).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    INTERVIEWSIM_DB_PATH=/data/history.sqlite3 \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app \
    && mkdir -p /data \
    && chown app:app /data

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=app:app . .

USER app
VOLUME ["/data"]
EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

CMD ["streamlit", "run", "streamlit_app.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
