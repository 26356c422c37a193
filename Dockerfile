# The portal's image: gunicorn serving Django; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    LAOSHAN_ENV=production

# HarfBuzz subsetting and a CJK font for the PDF reports, pg_dump/pg_restore for the
# backups (make backup / restore); gettext is not needed at run time
# (the compiled translation is in the repository).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libharfbuzz-subset0 fonts-noto-cjk curl postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 portal
WORKDIR /app

COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY --chown=portal:portal . .

# collectstatic needs settings that load: a throwaway key only for this step.
RUN SECRET_KEY=collectstatic-only-0123456789-abcdefghijklmnopqrstuvwxyz \
    FIELD_ENCRYPTION_KEY=Y29sbGVjdHN0YXRpYy1vbmx5LWtleS0zMi1ieXRlcyE= \
    ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media && chown -R portal:portal /app/var

USER portal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
CMD ["gunicorn", "laoshan_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "180", "--access-logfile", "-"]
