"""Every write that carries a rule about registrations and seats, whoever makes it: the public
forms, the private link's pages, the admin and the commands all come through here.

- seats.py: seats and waiting lists (the event lock, the conditional UPDATE, promotion);
- registration.py: a registration's life (register, change, cancel);
- links.py: private links (issue, revoke, send a fresh one);
- messages.py: messages organizers write or send again;
- programme.py: organizers' changes to capacities and to sessions people planned to attend;
- rules.py: the rules the forms check first (clashes, one address per event, what has begun);
- checkin.py: presence at the door (once per day and per session), check-in codes;
- letters.py: invitation letters asked for, reviewed and released;
- admission.py: approval by an organizer, places offered from the waiting list to confirm;
- editions.py: next year's edition copied from this one.
- privacy.py: erasure (by the person, an organizer or the retention command).
"""

from registrations.details import Details, normalize_email
from registrations.services.admission import (
    accept_registrations,
    confirm_offer,
    decline_registrations,
    expire_offers,
)
from registrations.services.checkin import (
    CheckIn,
    already_message,
    check_in,
    find_by_code,
    reissue_checkin_code,
    undo_check_in,
)
from registrations.services.editions import copy_event
from registrations.services.letters import PassportDetails, release_letters, request_letter
from registrations.services.links import (
    calendar_key,
    digest,
    feed_key,
    has_expired,
    issue_link,
    reads_the_mailbox,
    resend_private_link,
    revoke_link,
    revoke_links,
    send_fresh_link,
    take_back,
)
from registrations.services.messages import (
    PLACEHOLDERS,
    Message,
    resend_email,
    store_attachment,
    write_message,
    write_reminders,
)
from registrations.services.privacy import erase_registrations
from registrations.services.programme import (
    SessionSaved,
    delete_session,
    save_event,
    save_invitation,
    save_session,
)
from registrations.services.registration import (
    BookingChanges,
    Registered,
    cancel_booking,
    cancel_registration,
    mark_invitation_letters_sent,
    move_booking,
    register,
    set_bookings,
    update_registration,
)
from registrations.services.rules import (
    DuplicateRegistration,
    RegistrationError,
    email_taken,
    find_clashes,
    invitation_for,
)
from registrations.services.seats import (
    fill_waiting_lists,
    prioritise_booking,
    prioritise_registration,
)

__all__ = [
    "PLACEHOLDERS",
    "BookingChanges",
    "CheckIn",
    "Details",
    "DuplicateRegistration",
    "Message",
    "PassportDetails",
    "Registered",
    "RegistrationError",
    "SessionSaved",
    "accept_registrations",
    "already_message",
    "calendar_key",
    "cancel_booking",
    "cancel_registration",
    "check_in",
    "confirm_offer",
    "copy_event",
    "decline_registrations",
    "delete_session",
    "digest",
    "email_taken",
    "erase_registrations",
    "expire_offers",
    "feed_key",
    "fill_waiting_lists",
    "find_by_code",
    "find_clashes",
    "has_expired",
    "invitation_for",
    "issue_link",
    "mark_invitation_letters_sent",
    "move_booking",
    "normalize_email",
    "prioritise_booking",
    "prioritise_registration",
    "reads_the_mailbox",
    "register",
    "reissue_checkin_code",
    "release_letters",
    "request_letter",
    "resend_email",
    "resend_private_link",
    "revoke_link",
    "revoke_links",
    "save_event",
    "save_invitation",
    "save_session",
    "send_fresh_link",
    "set_bookings",
    "store_attachment",
    "take_back",
    "undo_check_in",
    "update_registration",
    "write_message",
    "write_reminders",
]
