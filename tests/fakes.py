"""Stand-ins for the outside world: mail servers that fail or crash."""

import os
import smtplib
from pathlib import Path

from django.core.files.uploadhandler import FileUploadHandler
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down: every send raises an SMTP error."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class CrashOnceFileBackend(FileBackend):
    """The first send kills the worker process mid-send; later sends write files.

    The marker file proving the crash lives beside the mail folder.
    """

    def send_messages(self, email_messages):
        marker = Path(str(self.file_path) + ".crashed")
        if not marker.exists():
            marker.write_text("the worker died while sending")
            os._exit(1)
        return super().send_messages(email_messages)


class RecordingUploadHandler(FileUploadHandler):
    """Notes every file Django starts to receive (and so to spool), then lets the
    next handler store it."""

    started: list = []

    def new_file(self, field_name, file_name, *args, **kwargs):
        self.started.append(file_name)
        return super().new_file(field_name, file_name, *args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


class RefusingEmailBackend(BaseEmailBackend):
    """A mail server that must not be reached: for requests that may only queue
    email for a worker (the password reset page used to send it itself)."""

    def send_messages(self, email_messages):
        raise AssertionError("a request sent email itself instead of queuing it")
