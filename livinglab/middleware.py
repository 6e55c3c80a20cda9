import logging

from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# Long enough for a database restart or a fail-over, short enough that nobody gives up.
RETRY_AFTER = 30


class DatabaseUnavailableMiddleware:
    """The database out of reach for a moment (a restart, a fail-over, a dropped connection)
    answers "try again in a moment" with 503 and Retry-After, not a server error.

    Each request runs its changes in a transaction, so the one the outage cut off wrote nothing;
    Django drops the broken connection when the request ends, and the next request connects
    again. The page is rendered without the database: no event, no session, no messages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning(
            "database unavailable: 503 for %s %s (%s)",
            request.method,
            request.path,
            type(exception).__name__,
        )
        # Messages stay where they are (reading them may need the session, in the database).
        response = render(request, "503.html", {"messages": ()}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        add_never_cache_headers(response)
        return response
