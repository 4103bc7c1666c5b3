"""Large CSV exports of consultation responses, built by a worker into storage."""
