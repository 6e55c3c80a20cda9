"""A participant's own data through their private link: read it, download it, erase it, and
take the registration back from whoever else holds a link to it."""

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from program import selectors as program_selectors
from registrations import services
from registrations.personal_data import as_json, personal_data
from registrations.views import private_page, rate_limited


@private_page
def my_data(request: HttpRequest, registration, key: str) -> HttpResponse:
    context = {
        "event": registration.event,
        "registration": registration,
        "key": key,
        "sections": personal_data(registration),
    }
    return render(request, "registrations/my_data.html", context)


@private_page
def my_data_json(request: HttpRequest, registration, key: str) -> HttpResponse:
    content = json.dumps(as_json(personal_data(registration)), ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    filename = f"{registration.event.slug}-my-data.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@rate_limited
@private_page
def erase(request: HttpRequest, registration, key: str) -> HttpResponse:
    """Erase the registration and everything about the person, after saying what that means."""
    event = registration.event
    if request.method == "POST":
        services.erase_registrations(registrations=[registration])
        return redirect("registrations:erased", slug=event.slug)
    context = {"event": event, "registration": registration, "key": key}
    return render(request, "registrations/erase.html", context)


def erased(request: HttpRequest, slug: str) -> HttpResponse:
    event = program_selectors.event_for_page(slug=slug, include_drafts=request.user.is_staff)
    return render(request, "registrations/erased.html", {"event": event})


@rate_limited
@private_page
def take_back(request: HttpRequest, registration, key: str) -> HttpResponse:
    """ "This is my registration": from a link sent to the registered address only, close every
    other link (someone who registered with this address first, an old forwarded email)."""
    if not services.reads_the_mailbox(registration.access_key, registration):
        raise Http404
    event = registration.event
    if request.method == "POST":
        closed = services.take_back(registration=registration, key=key)
        messages.success(
            request,
            ngettext(
                "One other link was closed: only this one opens your registration now.",
                "%(count)s other links were closed: only this one opens your registration now.",
                closed,
            )
            % {"count": closed},
        )
        return redirect("registrations:manage", slug=event.slug, key=key)
    context = {"event": event, "registration": registration, "key": key}
    return render(request, "registrations/take_back.html", context)
