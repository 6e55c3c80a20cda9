from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from program import calendar
from program import selectors as program_selectors
from program.caching import kept_page
from registrations import attendance, selectors, services
from registrations.documents.certificates import certificate_pdf
from registrations.documents.certificates import filename as certificate_filename
from registrations.documents.letters import letter_pdf
from registrations.documents.qr import qr_data_uri
from registrations.enums import BookingStatus, RegistrationStatus
from registrations.forms import EditForm, LetterRequestForm, LostLinkForm, RegisterForm
from registrations.models import InvitationLetter
from registrations.questions import answered, event_questions


def private_page(view):
    """A page behind a private link: looked up by its key, never cached, never indexed."""

    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, key: str, **kwargs) -> HttpResponse:
        registration = selectors.registration_for_key(slug=slug, key=key)
        response = view(request, registration, key, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _form(request: HttpRequest, form_class, event, **kwargs):
    slots = program_selectors.booking_slots(program_selectors.event_sessions(event))
    data = request.POST if request.method == "POST" else None
    return form_class(data, event=event, slots=slots, **kwargs)


def _limited(request: HttpRequest, *, group: str = "registration-posts", rate=None) -> bool:
    """Too many posts from one address: a script filling the places, guessing addresses or
    links. Every public post counts, in the cache all workers share."""
    return request.method == "POST" and is_ratelimited(
        request,
        group=group,
        key="ip",
        rate=rate or settings.REGISTRATION_RATE,
        method="POST",
        increment=True,
    )


def _flooding(request: HttpRequest, form, **limit) -> bool:
    """The same for a form, which is shown again with what was typed and the message."""
    limited = _limited(request, **limit)
    if limited:
        form.add_error(None, _("Too many attempts from your network. Please try again in an hour."))
    return limited


def rate_limited(view):
    """A post with nothing typed to keep (a confirmation): past the limit, a page that says so."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if _limited(request):
            return render(request, "429.html", status=429)
        return view(request, *args, **kwargs)

    return wrapper


@kept_page
def register(request: HttpRequest, event) -> HttpResponse:
    state = event.registration_state()
    if state != "open":
        return render(
            request, "registrations/closed.html", {"event": event, "state": state}, status=200
        )
    # The code of an invitation's link; a person may also type it (the field validates it).
    form = _form(request, RegisterForm, event, code=request.GET.get("code", "")[:40])
    if _flooding(request, form):
        return render(
            request, "registrations/register.html", {"event": event, "form": form}, status=429
        )
    if request.method == "POST" and form.is_valid():
        try:
            registered = form.save()
        except services.DuplicateRegistration:
            services.resend_private_link(event=event, email=form.cleaned_data["email"])
            return redirect("registrations:check_inbox", slug=event.slug)
        except services.RegistrationError:
            pass  # the form now carries the message
        else:
            _registered_message(request, registered.registration)
            return redirect("registrations:manage", slug=event.slug, key=registered.key)
    return render(request, "registrations/register.html", {"event": event, "form": form})


def _registered_message(request: HttpRequest, registration) -> None:
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("You are registered. See you soon!"))
    elif registration.status == RegistrationStatus.AWAITING_APPROVAL:
        messages.info(
            request,
            _(
                "Thank you: your registration waits for the organizers' approval. We will "
                "write to you as soon as they have decided."
            ),
        )
    else:
        messages.info(
            request,
            _(
                "The event is full: you are on its waiting list. We will write to you "
                "as soon as a place frees up."
            ),
        )


def lost_link(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask for a fresh private link. The answer is the same whether the address is known or not."""
    event = program_selectors.event_for_page(slug=slug, include_drafts=request.user.is_staff)
    form = LostLinkForm(request.POST if request.method == "POST" else None)
    if _flooding(request, form, group="lost-link", rate=settings.LOST_LINK_RATE):
        return render(
            request, "registrations/lost_link.html", {"event": event, "form": form}, status=429
        )
    if form.is_valid():
        services.resend_private_link(event=event, email=form.cleaned_data["email"])
        return redirect("registrations:check_inbox", slug=event.slug)
    return render(request, "registrations/lost_link.html", {"event": event, "form": form})


def check_inbox(request: HttpRequest, slug: str) -> HttpResponse:
    event = program_selectors.event_for_page(slug=slug, include_drafts=request.user.is_staff)
    return render(request, "registrations/check_inbox.html", {"event": event})


@private_page
def manage(request: HttpRequest, registration, key: str) -> HttpResponse:
    is_cancelled = registration.is_closed
    access_key = registration.access_key
    # Offered to whoever reads the registered mailbox, while another link still opens this page.
    can_take_back = services.reads_the_mailbox(access_key, registration) and (
        registration.access_keys.filter(revoked_at__isnull=True).exclude(pk=access_key.pk).exists()
    )
    calendar_url = ""
    if not is_cancelled:
        feed = services.feed_key(access_key=access_key, manage_key=key)
        calendar_url = request.build_absolute_uri(
            reverse("registrations:agenda", kwargs={"slug": registration.event.slug, "key": feed})
        )
    return render(
        request,
        "registrations/manage.html",
        {
            "event": registration.event,
            "registration": registration,
            "key": key,
            "link": request.build_absolute_uri(),
            "calendar_url": calendar_url,
            "webcal_url": calendar_url.replace("https://", "webcal://").replace(
                "http://", "webcal://"
            ),
            "is_cancelled": is_cancelled,
            "checkin_qr": qr_data_uri(registration.checkin_code)
            if registration.status == RegistrationStatus.CONFIRMED
            else "",
            "letter": InvitationLetter.objects.filter(registration=registration).first(),
            "certificate": _has_certificate(registration),
            "answers": answered(event_questions([registration.event_id]), registration.answers),
            "can_take_back": can_take_back,
        },
    )


@private_page
def confirm_offer(request: HttpRequest, registration, key: str) -> HttpResponse:
    """The place held for the person, taken with one button on their private page."""
    if request.method == "POST":
        try:
            services.confirm_offer(registration=registration)
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your place is confirmed. See you soon!"))
    return redirect("registrations:manage", slug=registration.event.slug, key=key)


def _has_certificate(registration) -> bool:
    """Once the event is over, for whoever was checked in."""
    return registration.event.has_ended() and registration.attendances.exists()


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@private_page
def certificate(request: HttpRequest, registration, key: str) -> HttpResponse:
    if not _has_certificate(registration):
        raise Http404
    record = attendance.record(registration)
    return _pdf(certificate_pdf(record), certificate_filename(registration))


@private_page
def letter(request: HttpRequest, registration, key: str) -> HttpResponse:
    letter = InvitationLetter.objects.filter(
        registration=registration, released_at__isnull=False
    ).first()
    if letter is None or registration.is_closed:
        raise Http404
    letter.registration = registration
    return _pdf(letter_pdf(letter), f"invitation-letter-{registration.event.slug}.pdf")


@private_page
def letter_request(request: HttpRequest, registration, key: str) -> HttpResponse:
    """Ask for an invitation letter: the passport details are asked here, and only here."""
    event = registration.event
    if registration.is_closed:
        return redirect("registrations:manage", slug=event.slug, key=key)
    letter = InvitationLetter.objects.filter(registration=registration).first()
    form = LetterRequestForm(
        request.POST if request.method == "POST" else None,
        instance=letter,
        registration=registration,
    )
    context = {"event": event, "registration": registration, "key": key, "form": form}
    if _flooding(request, form):
        return render(request, "registrations/letter_request.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except services.RegistrationError:
            pass
        else:
            messages.success(
                request,
                _(
                    "Thank you. An organizer will check your details and prepare the letter; "
                    "we will write to you when you can download it here."
                ),
            )
            return redirect("registrations:manage", slug=event.slug, key=key)
    return render(request, "registrations/letter_request.html", context)


@never_cache
def agenda(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """A person's own agenda, as a calendar feed behind its own secret."""
    registration = selectors.registration_for_key(slug=slug, key=key, calendar=True)
    event = registration.event
    booked = {
        b.session_id for b in registration.active_bookings if b.status == BookingStatus.CONFIRMED
    }
    # Someone waiting for a place attends nothing yet; someone who cancelled, nothing at all.
    sessions = (
        program_selectors.event_sessions(event)
        if registration.status == RegistrationStatus.CONFIRMED
        else []
    )
    # A feed has no page language: it speaks the person's own, as their emails do.
    with translation.override(registration.preferred_language):
        content = calendar.calendar(
            event,
            calendar.agenda_sessions(sessions, booked),
            name=f"{event.title} – {registration.full_name}",
        )
    response = HttpResponse(content, content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{event.slug}-agenda.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@private_page
def edit(request: HttpRequest, registration, key: str) -> HttpResponse:
    event = registration.event
    if registration.is_closed:
        return redirect("registrations:manage", slug=event.slug, key=key)
    form = _form(request, EditForm, event, instance=registration, held=registration.held)
    context = {"event": event, "form": form, "registration": registration, "key": key}
    if _flooding(request, form):
        return render(request, "registrations/edit.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except services.RegistrationError:
            pass
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("registrations:manage", slug=event.slug, key=key)
    return render(request, "registrations/edit.html", context)


@rate_limited
@private_page
def cancel(request: HttpRequest, registration, key: str) -> HttpResponse:
    event = registration.event
    if request.method == "POST":
        try:
            services.cancel_registration(registration=registration)
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Your registration is cancelled. Thank you for letting us know.")
            )
        return redirect("registrations:manage", slug=event.slug, key=key)
    return render(
        request,
        "registrations/cancel.html",
        {"event": event, "registration": registration, "key": key},
    )


@rate_limited
@private_page
def cancel_session(request: HttpRequest, registration, key: str, session_id: int) -> HttpResponse:
    """Give up one session, after saying so on a page of its own: one tap must not give a seat
    away."""
    event = registration.event
    booking = next((b for b in registration.active_bookings if b.session_id == session_id), None)
    if booking is None:
        messages.error(request, _("You have no booking for this session."))
        return redirect("registrations:manage", slug=event.slug, key=key)
    if request.method != "POST":
        return render(
            request,
            "registrations/cancel_session.html",
            {"event": event, "registration": registration, "key": key, "booking": booking},
        )
    try:
        session = services.cancel_booking(registration=registration, session_id=session_id)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("You are no longer booked for “%(title)s”.") % {"title": session.title}
        )
    return redirect("registrations:manage", slug=event.slug, key=key)
