"""An email backend for worker tests: writes files like Django's, slowly, so work is in flight."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("ATTUNE_TEST_EMAIL_DELAY", "0.2")))
        return super().send_messages(email_messages)
