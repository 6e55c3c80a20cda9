"""The demo event's own texts in English and French (the real event was bilingual).

Written for the demo in our own words; the French was written alongside the English by the
same author, not machine-translated.
"""

EVENT = {
    "en": {
        "title": "Living Lab +Resilient",
        "series": "+Resilient Living Labs",
        "tagline": "Three days on social innovation and how it can transform public action",
        "summary": (
            "The Living Lab brings the partners of the +Resilient project to Aix-en-Provence for "
            "three days of shared work. Researchers, public authorities, social-economy "
            "organisations and residents take part on an equal footing: the people who use "
            "public services are treated as actors of research and innovation, not as its "
            "subject.\n\n"
            "Plenary sessions, a round table and small co-creation workshops alternate. "
            "Participants review the project's pilot actions, ask what can be capitalised and "
            "passed on, and work out the steps and tools needed to start and spread a social "
            "innovation project. A coach takes a group to Jouques, where the “Territoire Zéro "
            "Chômeur de longue durée” experiment offers jobs to long-term unemployed residents."
            "\n\nThe last morning looks at how these results can feed policy change at local, "
            "regional and European level."
        ),
        "location": "Aix-en-Provence",
        "practical_information": (
            "Aix-en-Provence is 30 minutes by shuttle bus from Marseille Provence airport and "
            "from the Aix-en-Provence TGV station. Rooms are booked by the organisers for the "
            "nights you ask for. Bring a coat and comfortable shoes for the visit to Jouques."
        ),
        "privacy_notice": (
            "Photos: the organisers' photographer takes pictures during the plenary sessions "
            "and the visit; a coloured lanyard at the welcome desk tells them not to photograph "
            "you. Photos of people who agreed may appear in the +Resilient project's reports "
            "and website.\n\n"
            "The signed paper attendance sheets are kept by Aix-Marseille University for as "
            "long as the European programme's audits require (until five years after the "
            "project's final payment), then destroyed. The supervisory authority in France is "
            "the CNIL (www.cnil.fr)."
        ),
        "funding_acknowledgement": (
            "The +Resilient project is co-financed by the European Regional Development Fund "
            "through the Interreg MED programme."
        ),
    },
    "fr": {
        "title": "Living Lab +Resilient",
        "series": "Living Labs +Resilient",
        "tagline": "Trois jours sur l’innovation sociale et la transformation de l’action publique",
        "summary": (
            "Le Living Lab réunit à Aix-en-Provence les partenaires du projet +Resilient pour "
            "trois jours de travail en commun. Chercheurs, collectivités publiques, structures "
            "de l’économie sociale et habitants y participent à égalité : les usagers des "
            "services publics y sont acteurs de la recherche et de l’innovation, et non leur "
            "objet.\n\n"
            "Séances plénières, table ronde et petits ateliers de co-construction alternent. "
            "Les participants reviennent sur les actions pilotes du projet, se demandent ce qui "
            "peut être capitalisé et transmis, et construisent les étapes et les outils pour "
            "lancer et diffuser un projet d’innovation sociale. Un car emmène un groupe à "
            "Jouques, où l’expérimentation « Territoire zéro chômeur de longue durée » propose "
            "des emplois à des habitants privés d’emploi depuis longtemps.\n\n"
            "La dernière matinée porte sur la manière dont ces résultats peuvent nourrir le "
            "changement des politiques publiques, à l’échelle locale, régionale et européenne."
        ),
        "location": "Aix-en-Provence",
        "practical_information": (
            "Aix-en-Provence est à 30 minutes en navette de l’aéroport Marseille Provence et de "
            "la gare TGV d’Aix-en-Provence. Les organisateurs réservent les chambres pour les "
            "nuits que vous demandez. Prévoyez un manteau et de bonnes chaussures pour la "
            "visite à Jouques."
        ),
        "privacy_notice": (
            "Photos : le photographe des organisateurs prend des photos pendant les séances "
            "plénières et la visite ; un cordon de couleur, à demander à l’accueil, lui indique "
            "de ne pas vous photographier. Les photos des personnes qui l’ont accepté peuvent "
            "figurer dans les rapports et sur le site du projet +Resilient.\n\n"
            "Les feuilles d’émargement signées sont conservées par Aix-Marseille Université "
            "aussi longtemps que l’exigent les contrôles du programme européen (jusqu’à cinq "
            "ans après le paiement final du projet), puis détruites. L’autorité de contrôle en "
            "France est la CNIL (www.cnil.fr)."
        ),
        "funding_acknowledgement": (
            "Le projet +Resilient est cofinancé par le Fonds européen de développement régional "
            "dans le cadre du programme Interreg MED."
        ),
    },
}

# code: (name, directions), in each language; the address is the same in every language.
VENUES = {
    "en": {
        "allsh": (
            "Faculty of Arts, Letters, Languages and Human Sciences (ALLSH)",
            "Main entrance on avenue Robert Schuman; the Living Lab rooms are signposted from "
            "the main hall. Ask the welcome desk for the step-free route.",
        ),
        "inspe": (
            "INSPE Aix-en-Provence (teacher-training school)",
            "A short walk from the ALLSH faculty. The coach to Jouques leaves from its car park.",
        ),
        "jouques": (
            "Territoire Zéro Chômeur de longue durée, Jouques",
            "A village about 30 km from Aix, reached by the Living Lab coach (about 40 minutes). "
            "Part of the visit is outdoors: bring a coat and comfortable shoes.",
        ),
    },
    "fr": {
        "allsh": (
            "Faculté des Arts, Lettres, Langues et Sciences humaines (ALLSH)",
            "Entrée principale avenue Robert Schuman ; les salles du Living Lab sont fléchées "
            "depuis le hall. Demandez à l’accueil l’itinéraire sans marches.",
        ),
        "inspe": (
            "INSPE d’Aix-en-Provence (formation des enseignants)",
            "À quelques minutes à pied de la faculté ALLSH. Le car pour Jouques part de son "
            "parking.",
        ),
        "jouques": (
            "Territoire zéro chômeur de longue durée, Jouques",
            "Village à une trentaine de kilomètres d’Aix, desservi par le car du Living Lab "
            "(environ 40 minutes). Une partie de la visite se fait dehors : prévoyez un manteau "
            "et de bonnes chaussures.",
        ),
    },
}

CAPITALISE_FR = (
    "Qu’est-ce qui, dans les actions pilotes, mérite d’être écrit et réutilisé ailleurs ? "
)
CARD_GAME_FR = (
    "Par équipes, un jeu de cartes pour repérer les étapes, les méthodes et les outils qui "
    "permettent de développer un projet d’innovation sociale et de le diffuser ailleurs."
)
LUNCH_FR = "Buffet ; les besoins alimentaires indiqués à l’inscription sont pris en compte."

# Session code: (title, description) in French; the English is in demo.SESSIONS.
SESSIONS_FR = {
    "C1": ("Café d’accueil – jour 1", ""),
    "OPEN": (
        "Ouverture : le projet +Resilient et ses actions pilotes",
        "Pourquoi le projet existe, ce que ses partenaires ont testé et ce que les actions "
        "pilotes ont appris.",
    ),
    "B1": ("Pause café – jour 1", ""),
    "TA": (
        "Du transfert à la capitalisation : des petites entreprises responsables",
        CAPITALISE_FR + "La responsabilité sociale et environnementale des PME.",
    ),
    "TB": (
        "Du transfert à la capitalisation : l’économie sociale et solidaire",
        CAPITALISE_FR + "L’économie sociale et solidaire.",
    ),
    "TC": (
        "Du transfert à la capitalisation : des marchés du travail inclusifs",
        CAPITALISE_FR + "L’accès au travail et le marché de l’emploi.",
    ),
    "L1": ("Déjeuner – jour 1", LUNCH_FR),
    "SHOW": (
        "Vitrine : projets sociaux du territoire et expérimentations sociales en Europe",
        "Des projets sociaux locaux présentent leur travail, puis des expérimentations menées "
        "ailleurs.",
    ),
    "B2": ("Pause de l’après-midi – jour 1", ""),
    "ROUND": (
        "Table ronde : transformer les politiques publiques et la transition",
        "Élus, agents publics, chercheurs et praticiens sur la transformation des politiques "
        "publiques.",
    ),
    "DIN": ("Dîner du Living Lab", "Un dîner partagé ; l’adresse est donnée à l’accueil."),
    "C2": ("Café d’accueil – jour 2", ""),
    "K1": (
        "Jeu de cartes : développer et diffuser l’innovation sociale – groupe 1",
        CARD_GAME_FR,
    ),
    "K2": (
        "Jeu de cartes : développer et diffuser l’innovation sociale – groupe 2",
        CARD_GAME_FR,
    ),
    "K3": (
        "Jeu de cartes : développer et diffuser l’innovation sociale – groupe 3",
        CARD_GAME_FR,
    ),
    "SYN": (
        "Jeu de cartes : restitution et synthèse",
        "Chaque groupe présente son travail et la salle en tire des leçons communes.",
    ),
    "L2": ("Déjeuner – jour 2", LUNCH_FR),
    "VISIT": (
        "Visite de l’expérimentation Territoire zéro chômeur à Jouques",
        "Des emplois pour des habitants privés d’emploi depuis longtemps, conçus à partir des "
        "besoins locaux. Retour à Aix vers 18 h.",
    ),
    "CX": (
        "Co-construction : bâtir un partenariat local",
        "Qui réunir autour de la table, et comment faire vivre un partenariat : les cas des "
        "participants.",
    ),
    "CY": (
        "Co-construction : habitants et usagers comme partenaires",
        "Associer les personnes concernées à la conception et à l’évaluation.",
    ),
    "C3": ("Café d’accueil – jour 3", ""),
    "POLICY": (
        "Un pas vers le changement des politiques, du local à l’européen",
        "Comment les résultats peuvent éclairer les décisions, avec des décideurs publics.",
    ),
    "L3": ("Déjeuner – jour 3", LUNCH_FR),
    "CLOSE": (
        "Travailler ensemble pendant une pandémie : réflexions et clôture",
        "Ce que le travail en commun pendant la pandémie a appris aux partenaires, et la suite.",
    ),
}

# Facilitators' names stay as they are; the roles beside them are translated.
FACILITATORS_FR = {"Olivier Garnier (chair)": "Olivier Garnier (président)"}
SESSION_LANGUAGE_FR = {
    "English and French, with interpretation": "Anglais et français, avec interprétation",
    "English": "Anglais",
}
ROOMS_FR = {
    "Main hall": "Hall principal",
    "Amphitheatre A": "Amphithéâtre A",
    "Staff restaurant": "Restaurant du personnel",
    "A restaurant in the old town": "Un restaurant du centre ancien",
    "Hall": "Hall",
    "Lecture hall": "Amphithéâtre",
    "Cafeteria": "Cafétéria",
    "Coach from the INSPE car park": "Car depuis le parking de l’INSPE",
}

# The organizers' own questions: (section, kind, English, French, choices in both languages).
QUESTIONS = [
    (
        "organisation",
        "one_choice",
        (
            "Which theme of the project does your pilot action serve?",
            "À quel thème du projet votre action pilote se rattache-t-elle ?",
        ),
        [
            ("Responsible small businesses", "Petites entreprises responsables"),
            ("Social and solidarity economy", "Économie sociale et solidaire"),
            ("Access to work", "Accès à l’emploi"),
            ("Public-private partnerships", "Partenariats public-privé"),
        ],
    ),
    (
        "more",
        "yes_no",
        (
            "Would you present your pilot action in a workshop?",
            "Présenteriez-vous votre action pilote en atelier ?",
        ),
        [],
    ),
]
