# One image for web, worker and beat (docker-compose.yml). Build: docker compose build
# Base images are pinned to exact versions; Renovate proposes updates (renovate.json).

# Front-end assets, on the current Node.js LTS.
FROM node:26.12.1-trixie-slim AS assets
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY scripts/build-assets.mjs ./scripts/
COPY static/src ./static/src
RUN npm run build

FROM python:3.13.18-slim-trixie
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    PATH=/opt/venv/bin:$PATH
WORKDIR /app
RUN useradd --create-home --uid 1000 portal
# uv exactly as pinned (scripts/bootstrap_uv.py checks its hash), then the
# runtime packages exactly as uv.lock pins them, hashes checked.
COPY scripts/bootstrap_uv.py ./scripts/
RUN python scripts/bootstrap_uv.py /usr/local/bin
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-cache
COPY . .
COPY --from=assets /app/static/build ./static/build
# collectstatic needs settings but no secrets or database.
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=localhost \
    PORTAL_BASE_URL=http://localhost \
    python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/media && chown portal:portal /app/media
USER portal
EXPOSE 8000
# Gunicorn's settings are in gunicorn.conf.py, shared with `make bench`.
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
