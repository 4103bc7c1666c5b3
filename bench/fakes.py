"""A mail server for the alerts benchmark: counts each recipient in Redis.

Every message is built in full (as SMTP would send it), then one HINCRBY per
recipient on ``bench:alerts:sent``: afterwards every address must have exactly
1, so a duplicate or a loss shows up.
"""

import functools

import redis
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

COUNTS_KEY = "bench:alerts:sent"


@functools.cache
def _client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL)


class CountingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        pipe = _client().pipeline()
        for message in email_messages:
            message.message().as_bytes()
            for address in message.recipients():
                pipe.hincrby(COUNTS_KEY, address, 1)
        pipe.execute()
        return len(email_messages)
