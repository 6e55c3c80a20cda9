"""The page's language: in its address, chosen from a switcher on every page, remembered."""

from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language_from_path, get_language_info


def language_links(request) -> dict:
    """Context for the switcher and the page's alternates: this page in every language."""

    def links():
        for code, _name in settings.LANGUAGES:
            info = get_language_info(code)
            yield {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(request.path, code),
            }

    return {"language_links": SimpleLazyObject(lambda: list(links()))}


class RememberLanguageMiddleware:
    """A page opened in a language (from the switcher, a shared link, an email) makes it the
    visitor's choice for a year: the next address without a language opens in it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = get_language_from_path(request.path_info)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language and language != chosen and response.status_code < 400:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
            )
        return response
