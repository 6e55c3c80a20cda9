"""Secrets that travel in a URL's path, kept out of logs and of stored copies of messages.

A private link (`/<event>/r/<secret>/…`) and a calendar feed (`/<event>/agenda/<secret>.ics`)
open someone's registration to whoever holds the address. Django logs the paths of refused
requests (a 403 from the CSRF check, a 429, a 404), so a log could hand the secret to anyone who
reads it; every log record and every stored email goes through `redact` instead.
"""

import logging
import re

# Any run long enough to be a secret, even one longer than the site accepts: a tampered link is
# logged as it came.
SECRET_IN_PATH = re.compile(r"/(r|agenda)/[A-Za-z0-9_-]{20,}")
# Where a secret was: a stored message can be given a fresh one there.
REDACTED_SECRET = re.compile(r"/(r|agenda)/…")


def redact(text: str) -> str:
    return SECRET_IN_PATH.sub(lambda match: f"/{match.group(1)}/…", text)


class RedactSecrets(logging.Filter):
    """Replaces private-link secrets in a record's message, arguments and traceback.

    The record is changed in place and its arguments merged into the message, so that whatever
    handles it next (another handler, an error tracker) sees only the redacted text.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
