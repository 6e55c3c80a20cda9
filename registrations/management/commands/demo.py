"""Demo data: the Living Lab +Resilient, its three-day programme and thirty fictional partners.

Safe to run again: the event, venues and sessions are updated in place, people already registered
are left alone, and the organizer account is only created when missing. The event is moved to
upcoming dates on every run, so that registration is open whenever someone tries the site.
"""

import datetime as dt
import zoneinfo
from typing import NamedTuple
from urllib.parse import quote_plus

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import Count, Q
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from program.enums import SessionKind as Kind
from program.models import Event, Session, Venue
from registrations import services
from registrations.details import Details
from registrations.enums import BookingStatus, Diet, RegistrationStatus, TravelMode
from registrations.enums import OrganisationType as Org
from registrations.management.commands import _demo_texts as texts
from registrations.models import Question, QuestionChoice, Registration

SLUG = "living-lab-resilient"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
ORGANIZER = "organizer"
# Printed by the command on every run: an account for a throwaway demo database only.
DEMO_PASSWORD = "livinglab-demo"  # noqa: S105

EVENT = {
    "organiser": "Aix-Marseille University · LEST",
    "timezone": "Europe/Paris",
    "main_language": "en",
    "capacity": 40,
    "contact_email": "livinglab@example.org",
    # The privacy notice is written from these; _demo_texts adds what is particular to it.
    "controller": (
        "Aix-Marseille University (LEST laboratory), Jardin du Pharo, 58 boulevard Charles "
        "Livon, 13007 Marseille, France"
    ),
    "dpo_contact": "dpo@example.org",
    "retention_days": 90,
    "signatory": "The Living Lab organising team, LEST",
    "letter_costs": (
        "The organisers cover lunches, the dinner and the coach to Jouques. Travel and "
        "accommodation are paid by the participant's organisation from its +Resilient budget."
    ),
    "is_published": True,
}
# The venues' addresses; their names and directions are in _demo_texts.VENUES.
ADDRESSES = {
    "allsh": "29 avenue Robert Schuman, 13100 Aix-en-Provence",
    "inspe": "2 avenue Jules Isaac, 13100 Aix-en-Provence",
    "jouques": "13490 Jouques",
}

CAPITALISE = "What from the pilot actions deserves to be written down and reused elsewhere? "
CARD_GAME = (
    "Teams play a card game to map the steps, methods and tools needed to develop a social "
    "innovation project and spread it to other places."
)
LUNCH = "Buffet lunch; the dietary needs given when registering are catered for."
INTERPRETED = "English and French, with interpretation"
# Sessions of these kinds are chosen when registering; the others are open to everyone.
BOOKED = {Kind.WORKSHOP, Kind.SITE_VISIT, Kind.MEAL}
# Interpreters serve the sessions everyone attends; the small groups work in English.
LANGUAGE = {
    Kind.PLENARY: INTERPRETED,
    Kind.ROUND_TABLE: INTERPRETED,
    Kind.SITE_VISIT: INTERPRETED,
    Kind.WORKSHOP: "English",
}

# Titles are the sessions' identity across runs, so each one is unique within the event.
# fmt: off
SESSIONS = (
    # code, day (0 = first), starts, ends, kind, venue, room, seats,
    #   title, facilitators, description
    ("C1", 0, "09:00", "09:30", Kind.BREAK, "allsh", "Main hall", None,
     "Welcome coffee – day 1", "", ""),
    ("OPEN", 0, "09:30", "11:15", Kind.PLENARY, "allsh", "Amphitheatre A", None,
     "Opening: the +Resilient project and its pilot actions", "Claire Fontaine, Paolo Rinaldi",
     "Why the project exists, what its partners tested, and what the pilot actions taught."),
    ("B1", 0, "11:15", "12:00", Kind.BREAK, "allsh", "Main hall", None,
     "Coffee break – day 1", "", ""),
    ("TA", 0, "12:00", "13:15", Kind.WORKSHOP, "allsh", "Room B 101", 12,
     "From transfer to capitalisation: responsible small businesses", "Nadia Haddad",
     CAPITALISE + "The social and environmental responsibility of SMEs."),
    ("TB", 0, "12:00", "13:15", Kind.WORKSHOP, "allsh", "Room B 102", 14,
     "From transfer to capitalisation: the social and solidarity economy", "Jordi Vidal",
     CAPITALISE + "The social and solidarity economy."),
    ("TC", 0, "12:00", "13:15", Kind.WORKSHOP, "allsh", "Room B 103", 14,
     "From transfer to capitalisation: inclusive labour markets", "Katarina Vuković",
     CAPITALISE + "Access to work and the labour market."),
    ("L1", 0, "13:15", "14:30", Kind.MEAL, "allsh", "Staff restaurant", None,
     "Lunch – day 1", "", LUNCH),
    ("SHOW", 0, "14:30", "16:00", Kind.PLENARY, "allsh", "Amphitheatre A", None,
     "Showcase: social projects of the territory and social experiments in Europe",
     "Sandrine Morel", "Local social projects present their work, then experiments elsewhere."),
    ("B2", 0, "16:00", "16:30", Kind.BREAK, "allsh", "Main hall", None,
     "Afternoon break – day 1", "", ""),
    ("ROUND", 0, "16:30", "18:00", Kind.ROUND_TABLE, "allsh", "Amphitheatre A", None,
     "Round table: transforming public policy and the transition", "Olivier Garnier (chair)",
     "Elected members, civil servants, researchers and practitioners on changing public policy."),
    ("DIN", 0, "19:30", "22:00", Kind.MEAL, "", "A restaurant in the old town", None,
     "Living Lab dinner", "", "A shared dinner; the address is given at the welcome desk."),
    ("C2", 1, "09:00", "09:30", Kind.BREAK, "inspe", "Hall", None,
     "Welcome coffee – day 2", "", ""),
    ("K1", 1, "09:30", "11:30", Kind.WORKSHOP, "inspe", "Room 1.04", 13,
     "Card game: developing and spreading social innovation – group 1", "Elena Ricci", CARD_GAME),
    ("K2", 1, "09:30", "11:30", Kind.WORKSHOP, "inspe", "Room 1.05", 13,
     "Card game: developing and spreading social innovation – group 2", "Pedro Almeida",
     CARD_GAME),
    ("K3", 1, "09:30", "11:30", Kind.WORKSHOP, "inspe", "Room 1.06", 13,
     "Card game: developing and spreading social innovation – group 3", "Nikos Stavrou",
     CARD_GAME),
    ("SYN", 1, "11:30", "12:30", Kind.PLENARY, "inspe", "Lecture hall", None,
     "Card game: report and synthesis", "Claire Fontaine",
     "Each card-game group reports back and the room draws common lessons."),
    ("L2", 1, "12:30", "13:45", Kind.MEAL, "inspe", "Cafeteria", None,
     "Lunch – day 2", "", LUNCH),
    ("VISIT", 1, "13:45", "18:00", Kind.SITE_VISIT, "jouques", "Coach from the INSPE car park", 30,
     "Visit to the Territoire Zéro Chômeur experiment in Jouques", "The Jouques team",
     "Jobs for long-term unemployed residents, shaped by local needs. Back in Aix about 18:00."),
    ("CX", 1, "14:00", "17:00", Kind.WORKSHOP, "inspe", "Room 1.04", 12,
     "Collective construction: building a local partnership", "Jordi Vidal, Elena Ricci",
     "Who should be around the table, and how to keep a partnership going: participants' cases."),
    ("CY", 1, "14:00", "17:00", Kind.WORKSHOP, "inspe", "Room 1.05", 15,
     "Collective construction: residents and service users as partners",
     "Nadia Haddad, Pedro Almeida", "Involving the people concerned in design and evaluation."),
    ("C3", 2, "09:00", "09:30", Kind.BREAK, "allsh", "Main hall", None,
     "Welcome coffee – day 3", "", ""),
    ("POLICY", 2, "09:30", "12:00", Kind.PLENARY, "allsh", "Amphitheatre A", None,
     "A step towards policy change at local, regional and European level",
     "Claire Fontaine, Paolo Rinaldi", "How the results can feed decisions, with policy-makers."),
    ("L3", 2, "12:00", "13:30", Kind.MEAL, "allsh", "Staff restaurant", None,
     "Lunch – day 3", "", LUNCH),
    ("CLOSE", 2, "13:30", "15:00", Kind.PLENARY, "allsh", "Amphitheatre A", None,
     "Working together through a pandemic: reflections and closing", "The LEST team",
     "What working together through the pandemic taught the partners, and the next steps."),
)
# fmt: on


class Travel(NamedTuple):
    mode: str
    arrival: tuple[int, str, str] | None  # day counted from the first day, time, place
    departure: tuple[int, str, str] | None
    nights: tuple[int, ...]  # -1 is the night before the first day


MRS = "Marseille Provence airport"
TGV = "Aix-en-Provence TGV station"
STC = "Marseille Saint-Charles station"
AIX = "Aix-en-Provence"
TRAVEL = {
    "fly": Travel(TravelMode.PLANE, (-1, "18:40", MRS), (2, "19:15", MRS), (-1, 0, 1)),
    "fly-late": Travel(TravelMode.PLANE, (-1, "21:05", MRS), (3, "10:05", MRS), (-1, 0, 1, 2)),
    "rail": Travel(TravelMode.TRAIN, (-1, "19:48", STC), (2, "17:12", STC), (-1, 0, 1)),
    "tgv": Travel(TravelMode.TRAIN, (0, "08:12", TGV), (2, "16:35", TGV), (0, 1)),
    "car": Travel(TravelMode.CAR, (-1, "17:30", AIX), (3, "09:00", AIX), (-1, 0, 1, 2)),
    "local": Travel(TravelMode.LOCAL, None, None, ()),
}


class Person(NamedTuple):
    first_name: str
    last_name: str
    email: str
    country: str
    gender: str
    preferred_language: str
    languages: str
    organisation: str
    organisation_type: str
    job_title: str
    travel: str
    sessions: str


PUB, RES, BIZ = Org.PUBLIC_AUTHORITY, Org.RESEARCH, Org.BUSINESS
SSE, CIV = Org.SOCIAL_ECONOMY, Org.CIVIL_SOCIETY
# Registered in this order, which decides who gets the last seats and who waits.
# fmt: off
PEOPLE = tuple(Person(*row) for row in (
    ("Giulia", "Ferraro", "giulia.ferraro@example.org", "IT", "female", "en", "it en fr",
     "Veneto Region, Labour Directorate", PUB, "EU project coordinator", "fly", "TA K1 CX"),
    ("Marco", "Bellini", "m.bellini@example.com", "IT", "male", "en", "it en",
     "Cooperativa Sociale Il Ponte", SSE, "President", "fly-late", "TB K2 VISIT"),
    ("Chiara", "Conti", "chiara.conti@example.net", "IT", "female", "en", "it en es",
     "University of Padua, Economics", RES, "Research fellow", "fly", "TA K3 CX"),
    ("Luca", "Moretti", "luca.moretti@example.org", "IT", "", "en", "it en",
     "Artigiani Associati Vicenza", BIZ, "Business adviser", "car", "TC K1 CY"),
    ("Núria", "Puig Soler", "nuria.puig@example.org", "ES", "female", "en", "ca es en",
     "Xarxa d'Economia Solidària", SSE, "Network coordinator", "rail", "TA K2 CX"),
    ("Javier", "Muñoz Ortega", "j.munoz@example.com", "ES", "male", "en", "es en",
     "City of Seville, Employment Department", PUB, "Head of unit", "fly", "TB K3 VISIT"),
    ("Lucía", "Fernández", "lucia.fernandez@example.net", "ES", "female", "fr", "es en fr",
     "University of Valencia", RES, "Lecturer in sociology", "fly-late", "TA K1 CX"),
    ("Iñaki", "Etxeberria", "inaki.etxeberria@example.org", "ES", "male", "en", "es en",
     "Etxe Diseño S.L.", BIZ, "Managing director", "fly", "TC K2 CY"),
    ("João", "Pereira", "joao.pereira@example.org", "PT", "male", "en", "pt en",
     "Municipality of Évora", PUB, "Social innovation officer", "fly", "TA K3 CX"),
    ("Inês", "Carvalho", "ines.carvalho@example.com", "PT", "female", "fr", "pt en fr",
     "Associação Mãos Dadas", SSE, "Project manager", "fly-late", "TB K1 VISIT"),
    ("Beatriz", "Sousa", "beatriz.sousa@example.net", "PT", "", "en", "pt en es",
     "Lisbon Institute for Social Research", RES, "PhD candidate", "fly", "TA K2 CX"),
    ("Ivana", "Kovačević", "ivana.kovacevic@example.org", "HR", "female", "en", "hr en it",
     "Split-Dalmatia County", PUB, "Adviser for EU funds", "fly", "TC K3 VISIT"),
    ("Marko", "Horvat", "marko.horvat@example.com", "HR", "male", "en", "hr en",
     "Zadruga Zeleni otok", SSE, "Cooperative manager", "fly", "TA K1 CX"),
    ("Tomislav", "Đurić", "tomislav.duric@example.net", "HR", "male", "en", "hr en de",
     "University of Rijeka, Economics", RES, "Assistant professor", "fly-late", "TB K2 CX"),
    ("Ana", "Šarić", "ana.saric@example.org", "HR", "female", "en", "hr en",
     "Građanska inicijativa Kvart", CIV, "Volunteer coordinator", "fly", "TC K3 VISIT"),
    ("Maja", "Novak", "maja.novak@example.org", "SI", "female", "en", "sl en hr",
     "Municipality of Maribor", PUB, "Development officer", "fly", "TA K1 CX"),
    ("Luka", "Žagar", "luka.zagar@example.com", "SI", "male", "en", "sl en de",
     "Žagar in partnerji d.o.o.", BIZ, "Owner", "car", "TB K2 CY"),
    ("Špela", "Kranjc", "spela.kranjc@example.net", "SI", "female", "en", "sl en it",
     "Inštitut za socialno vključenost", SSE, "Researcher", "fly", "TA K3 CX"),
    ("Ελένη", "Παπαδοπούλου", "eleni.papadopoulou@example.org", "GR", "female", "en", "el en",
     "Region of Crete", PUB, "Programme officer", "fly", "TC K1 VISIT"),
    ("Γιώργος", "Νικολάου", "giorgos.nikolaou@example.com", "GR", "male", "en", "el en",
     "Κοιν.Σ.Επ. Αλληλεγγύη", SSE, "Co-founder", "fly-late", "TB K2 CX"),
    ("Κατερίνα", "Γεωργίου", "katerina.georgiou@example.net", "GR", "female", "en", "el en fr",
     "University of Thessaly", RES, "Postdoctoral researcher", "fly", "TA K3 CX"),
    ("Dimitris", "Alexiou", "d.alexiou@example.org", "GR", "undisclosed", "en", "el en",
     "Athens SME Forum", BIZ, "Policy officer", "fly", "TC K1 VISIT"),
    ("Elira", "Hoxha", "elira.hoxha@example.org", "AL", "female", "en", "sq en it",
     "Municipality of Tirana, Social Services", PUB, "Coordinator", "fly", "TA K2 CX"),
    ("Arbër", "Kola", "arber.kola@example.com", "AL", "male", "en", "sq en",
     "Qendra Rinore Shpresë", CIV, "Youth worker", "fly", "TB K3 VISIT"),
    ("Blerina", "Çela", "blerina.cela@example.net", "AL", "female", "fr", "sq en it fr",
     "Agricultural University of Tirana", RES, "Lecturer", "fly-late", "TA K1 CX"),
    ("Camille", "Durand", "camille.durand@example.org", "FR", "", "en", "fr en",
     "Aix-Marseille University, LEST", RES, "Research engineer", "local", "TB K2 CY"),
    ("Antoine", "Lefèvre", "antoine.lefevre@example.com", "FR", "male", "fr", "fr en",
     "Réseau des entreprises sociales", SSE, "Project officer", "tgv", "TC K3 VISIT"),
    ("Sophie", "Martin", "sophie.martin@example.net", "FR", "female", "fr", "fr",
     "Entreprise à but d'emploi de Jouques", SSE, "Coordinator", "local", "TB K1 VISIT"),
    ("Karim", "Benali", "karim.benali@example.org", "FR", "male", "fr", "fr en other",
     "Collectif Habitants Solidaires", CIV, "Resident and volunteer", "local", "TC K2 CX"),
    ("Hélène", "Roux", "helene.roux@example.com", "FR", "undisclosed", "fr", "fr en es",
     "Aix-Marseille-Provence Metropolis", PUB, "Head of inclusion projects", "local",
     "TB K3 VISIT"),
))
# fmt: on

MEALS = "L1 L2 L3 DIN"
# What the table above leaves out; NEEDS overrides it person by person.
UNSTATED = {
    "phone": "",
    "allergies": "",
    "diet_other": "",
    "accessibility_needs": "",
    "needs_invitation_letter": False,
    "photo_consent": True,
    # Everyone here agreed; only those with a diet, allergies or access needs had to.
    "health_consent": True,
}
# What some people add to the defaults: diets, meals other than MEALS, and any detail field.
NEEDS = {
    "giulia.ferraro@example.org": {"diets": [Diet.VEGETARIAN]},
    "chiara.conti@example.net": {"photo_consent": False, "allergies": "Nuts, including traces"},
    "luca.moretti@example.org": {"diets": [Diet.GLUTEN_FREE]},
    "nuria.puig@example.org": {"diets": [Diet.VEGAN]},
    "inaki.etxeberria@example.org": {"photo_consent": False},
    "lucia.fernandez@example.net": {"diets": [Diet.PESCATARIAN], "allergies": "Shellfish"},
    "beatriz.sousa@example.net": {"accessibility_needs": "Cannot stand for long: a chair, please."},
    "ivana.kovacevic@example.org": {
        "accessibility_needs": "I use a wheelchair: step-free access and an accessible coach.",
    },
    "tomislav.duric@example.net": {"photo_consent": False, "diets": [Diet.LACTOSE_FREE]},
    "luka.zagar@example.com": {"accessibility_needs": "Hard of hearing: a seat near the speakers."},
    "spela.kranjc@example.net": {"diets": [Diet.VEGETARIAN], "allergies": "Sesame"},
    "giorgos.nikolaou@example.com": {"needs_invitation_letter": True},
    "katerina.georgiou@example.net": {"photo_consent": False, "diets": [Diet.VEGETARIAN]},
    "d.alexiou@example.org": {"meals": "L1 L2 DIN"},
    "elira.hoxha@example.org": {"needs_invitation_letter": True},
    "blerina.cela@example.net": {
        "needs_invitation_letter": True,
        "diets": [Diet.OTHER],
        "diet_other": "Low-salt diet",
    },
    "camille.durand@example.org": {"meals": "L1 L2 L3"},
    "sophie.martin@example.net": {"meals": "L1 L3", "diets": [Diet.VEGETARIAN, Diet.GLUTEN_FREE]},
    "karim.benali@example.org": {"meals": "L1 L2", "photo_consent": False},
    "helene.roux@example.com": {"photo_consent": False, "allergies": "Nuts"},
}


def at(day: dt.date, clock: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(clock), tzinfo=PARIS)


def first_day(today: dt.date) -> dt.date:
    """The first Tuesday at least three weeks ahead, as in the published edition."""
    day = today + dt.timedelta(days=21)
    return day + dt.timedelta(days=(1 - day.weekday()) % 7)


def save(instance: models.Model, values: dict) -> models.Model:
    """Seed the programme as fixtures: the demo moves its dates on every run, and that is no
    organizer's change to tell participants about (services.save_session would email them).
    Registrations, which carry the seat rules, go through services.register below."""
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


def in_languages(texts: dict[str, dict[str, str]]) -> dict[str, str]:
    """{"en": {"title": …}, "fr": {…}} as the model's columns: {"title_en": …, "title_fr": …}."""
    return {
        f"{name}_{code}": text for code, fields in texts.items() for name, text in fields.items()
    }


def save_event(today: dt.date) -> Event:
    day1 = first_day(today)
    return save(
        Event.objects.filter(slug=SLUG).first() or Event(slug=SLUG),
        {
            **EVENT,
            **in_languages(texts.EVENT),
            "starts_on": day1,
            "ends_on": day1 + dt.timedelta(days=2),
            "registration_opens_at": at(today - dt.timedelta(days=30), "09:00"),
            "registration_closes_at": at(day1 - dt.timedelta(days=2), "00:00"),
        },
    )


def save_venues() -> dict[str, Venue]:
    venues = {}
    for code, address in ADDRESSES.items():
        by_language = {language: names[code] for language, names in texts.VENUES.items()}
        venues[code], _ = Venue.objects.get_or_create(
            name_en=by_language["en"][0],
            defaults={
                "address": address,
                "map_url": f"https://www.openstreetmap.org/search?query={quote_plus(address)}",
                **in_languages(
                    {
                        language: {"name": name, "notes": notes}
                        for language, (name, notes) in by_language.items()
                    }
                ),
            },
        )
    return venues


def session_texts(code: str, room: str, title: str, by: str, about: str, kind: str) -> dict:
    """A session's texts in English and French."""
    language = LANGUAGE.get(kind, "")
    title_fr, about_fr = texts.SESSIONS_FR[code]
    return in_languages(
        {
            "en": {
                "title": title,
                "description": about,
                "room": room,
                "facilitators": by,
                "language": language,
            },
            "fr": {
                "title": title_fr,
                "description": about_fr,
                "room": texts.ROOMS_FR.get(room, room),
                "facilitators": texts.FACILITATORS_FR.get(by, by),
                "language": texts.SESSION_LANGUAGE_FR.get(language, language),
            },
        }
    )


def save_programme(event: Event, venues: dict[str, Venue]) -> dict[str, Session]:
    existing = {session.title_en: session for session in event.sessions.all()}
    sessions = {}
    for code, day, starts, ends, kind, venue, room, seats, title, by, about in SESSIONS:
        date = event.starts_on + dt.timedelta(days=day)
        sessions[code] = save(
            existing.get(title) or Session(event=event),
            {
                "kind": kind,
                "starts_at": at(date, starts),
                "ends_at": at(date, ends),
                "venue": venues.get(venue),
                "requires_booking": kind in BOOKED,
                "capacity": seats,
                **session_texts(code, room, title, by, about, kind),
            },
        )
    return sessions


def journey(leg: str, stop: tuple[int, str, str] | None, day1: dt.date) -> dict:
    if stop is None:
        return {f"{leg}_date": None, f"{leg}_time": None, f"{leg}_place": ""}
    offset, clock, place = stop
    return {
        f"{leg}_date": day1 + dt.timedelta(days=offset),
        f"{leg}_time": dt.time.fromisoformat(clock),
        f"{leg}_place": place,
    }


def details(person: Person, needs: dict, day1: dt.date) -> Details:
    travel = TRAVEL[person.travel]
    values = {
        **{name: value for name, value in person._asdict().items() if name in Details.names()},
        "languages": person.languages.split(),
        **journey("arrival", travel.arrival, day1),
        **journey("departure", travel.departure, day1),
        "travel_mode": travel.mode,
        "accommodation_nights": [
            (day1 + dt.timedelta(days=night)).isoformat() for night in travel.nights
        ],
        **UNSTATED,
        **needs,
    }
    return Details.from_mapping(values)


def save_questions(event: Event) -> None:
    """The organizers' own questions, in English and French: kept as they are once made."""
    for position, (section, kind, (english, french), choices) in enumerate(texts.QUESTIONS):
        question, made = Question.objects.get_or_create(
            event=event,
            label_en=english,
            defaults={"label_fr": french, "kind": kind, "section": section, "position": position},
        )
        for place, (choice_en, choice_fr) in enumerate(choices if made else []):
            QuestionChoice.objects.create(
                question=question, label_en=choice_en, label_fr=choice_fr, position=place
            )


def register_people(event: Event, sessions: dict[str, Session]) -> int:
    known = {
        email.lower()
        for email in Registration.objects.filter(event=event).values_list("email", flat=True)
    }
    added = 0
    for n, person in enumerate(PEOPLE):
        if person.email.lower() in known:
            continue
        needs = dict(NEEDS.get(person.email, {}))
        needs["diets"] = frozenset(needs.get("diets", ()))
        codes = f"{person.sessions} {needs.pop('meals', MEALS)}".split()
        try:
            services.register(
                event=event,
                details=details(person, needs, event.starts_on),
                session_ids=[sessions[code].pk for code in codes],
                # Sign-ups spread over the weeks the form has been open, in the table's order.
                now=event.registration_opens_at + dt.timedelta(days=1, hours=11 * n),
            )
        except services.RegistrationError as error:
            raise CommandError(f"{person.email}: {error.message}") from error
        added += 1
    return added


def ensure_organizer() -> str:
    user_model = get_user_model()
    user = user_model.objects.filter(username=ORGANIZER).first()
    if user is None:
        user_model.objects.create_superuser(
            username=ORGANIZER, email=EVENT["contact_email"], password=DEMO_PASSWORD
        )
        return "created"
    return "kept" if user.check_password(DEMO_PASSWORD) else "changed"


class Command(BaseCommand):
    help = "Create or refresh the Living Lab +Resilient demo: programme, participants, organizer."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo creates a superuser with a published password: run it with DEBUG=1, "
                "on a throwaway database."
            )
        today = timezone.now().astimezone(PARIS).date()
        # The people are fictional: their welcome emails would flood the console or bounce.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            event = save_event(today)
            sessions = save_programme(event, save_venues())
            save_questions(event)
            added = register_people(event, sessions)
            organizer = ensure_organizer()
        self.report(event, added, organizer)

    def report(self, event: Event, added: int, organizer: str) -> None:
        # Aggregation drops the model's default ordering: say it again, for a stable report.
        sessions = event.sessions.annotate(
            waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITLISTED))
        ).order_by("starts_at", "title")
        people = event.registrations.exclude(status=RegistrationStatus.CANCELLED).count()
        out = self.stdout.write
        out(
            self.style.SUCCESS(
                f"{event.title}: {event.starts_on:%A %d %B} to {event.ends_on:%A %d %B %Y}"
            )
        )
        out(f"  {settings.SITE_URL}{reverse('program:event', kwargs={'slug': event.slug})}")
        out(f"  {people} participants ({added} added now), {len(sessions)} sessions")
        for session in sessions:
            if session.is_full:
                out(f"  Full: {session.title} ({session.seats_taken}/{session.capacity})")
            if session.waiting:
                out(f"  Waiting list: {session.title} ({session.waiting} waiting)")
        out(self.style.WARNING(f"Admin (DEMO ONLY, fixed password): {settings.SITE_URL}/admin/"))
        out(f"  user {ORGANIZER}  password {DEMO_PASSWORD}")
        if organizer == "changed":
            out(self.style.NOTICE("  The account already existed with another password; kept."))
