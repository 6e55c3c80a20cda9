"""Messages to exactly the right people: from an event's page, to an audience chosen with its
size in view (seat holders of a session, those waiting, confirmed only …); from the
registrations list, to the people selected or filtered. One form and one page for both."""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from program.models import Event
from program.translation import use_main_language
from registrations import audiences, services
from registrations.admin.forms import MessageForm

MESSAGE_PERMISSION = "registrations.change_registration"


def send(model_admin, request, form: MessageForm, people) -> int:
    """Write the message to each person, the file attached stored once for all."""
    upload = form.cleaned_data.get("attachment")
    count = services.write_message(
        registrations=people.select_related("event"),
        message=form.message(),
        attachment=services.store_attachment(upload) if upload else None,
    )
    model_admin.message_user(
        request,
        ngettext(
            "Message written to %(count)d person; see Emails for its delivery.",
            "Message written to %(count)d people; see Emails for their delivery.",
            count,
        )
        % {"count": count},
    )
    return count


def page(model_admin, request, form: MessageForm, **context) -> TemplateResponse:
    return TemplateResponse(
        request,
        "admin/registrations/registration/send_message.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": _("Write a message"),
            "opts": model_admin.opts,
            "form": form,
            **context,
        },
    )


def event_message(model_admin, request, event_id: int):
    """Write to an audience of the event, each with how many people it holds."""
    if not request.user.has_perm(MESSAGE_PERMISSION):
        raise PermissionDenied
    event = get_object_or_404(Event, pk=event_id)
    use_main_language(event)
    form = MessageForm(
        request.POST or None,
        request.FILES or None,
        main_language=event.main_language,
        audiences=audiences.audiences(event),
    )
    if form.is_valid():
        send(model_admin, request, form, audiences.recipients(event, form.cleaned_data["audience"]))
        return redirect("admin:program_event_dashboard", event.pk)
    return page(model_admin, request, form, event=event)


def message_action(model_admin, request, queryset):
    """The registrations list's action: to the people selected (or the whole filtered list)."""
    people = queryset.exclude(status__in=audiences.CLOSED)
    # People of one event read its main language where theirs is not written; of several, the
    # site's.
    languages = set(Event.objects.filter(registrations__in=people).values_list("main_language"))
    main_language = languages.pop()[0] if len(languages) == 1 else None
    form = MessageForm(
        request.POST if "send" in request.POST else None,
        request.FILES or None,
        main_language=main_language or settings.LANGUAGE_CODE,
    )
    if form.is_valid():
        send(model_admin, request, form, people)
        return None
    return page(
        model_admin,
        request,
        form,
        people=people,
        selected=request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        select_across=request.POST.get("select_across", "0"),
    )
