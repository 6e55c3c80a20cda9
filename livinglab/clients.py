"""Who is asking: the address that rate limits and the admin's lockout count by."""

from django.conf import settings


def client_address(request) -> str:
    """The client's address. Behind the reverse proxy (BEHIND_PROXY), the address the proxy
    appended last to X-Forwarded-For, but only for a request that comes from the proxy itself
    (PROXY_ADDRESSES, or a Unix socket, which has no address): anyone reaching the app server
    directly could write any X-Forwarded-For they like."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_PROXY or (remote and remote not in settings.PROXY_ADDRESSES):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.rsplit(",", 1)[-1].strip() or remote
