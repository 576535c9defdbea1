"""Words of the demo: subjects, bodies, LinkedIn messages and meeting titles, FR and EN.

Text is chosen from small template pools with a per-thread seed, so a thread reads the
same in every run, and bodies have realistic sizes (a few hundred to ~2,000 characters).
"""

from __future__ import annotations

import random

SUBJECTS = {
    ("personal", "fr"): (
        "Dimanche chez les parents ?",
        "Anniversaire de {first}",
        "Photos des vacances",
        "Apéro jeudi ?",
        "Noël cette année",
        "Des nouvelles",
        "Week-end à Annecy",
        "Le resto de samedi",
    ),
    ("personal", "en"): ("Sunday lunch?", "Holiday pictures", "Catching up"),
    ("client", "fr"): (
        "Proposition d'accompagnement — {org}",
        "Point d'étape mission recrutement",
        "Devis : audit des process RH",
        "Compte rendu de la réunion",
        "Facture n° {n}",
        "Planning des entretiens",
        "Onboarding des nouveaux managers",
        "Bon de commande — mission {org}",
    ),
    ("client", "en"): (
        "Proposal — HR transformation support",
        "Next steps on the hiring plan",
        "Meeting notes",
        "Invoice {n}",
        "Interview schedule",
    ),
    ("partner", "fr"): (
        "Collaboration sur l'appel d'offres {org}",
        "Sous-traitance : mission {org}",
        "Atelier commun en janvier ?",
        "Retour sur notre échange",
    ),
    ("partner", "en"): ("Joint bid for {org}", "Workshop together?", "Following up"),
    ("network", "fr"): (
        "Des nouvelles !",
        "Ça fait longtemps",
        "Café un de ces jours ?",
        "Ton avis sur une offre",
        "Question rapide",
        "Retrouvailles de la promo",
    ),
    ("network", "en"): ("Catching up", "Coffee soon?", "Quick question"),
    ("cold", "fr"): (
        "Échange sur vos enjeux de recrutement",
        "Proposition d'échange — {org}",
        "Transformation RH chez {org}",
        "Une question sur {org}",
    ),
    ("cold", "en"): ("Quick question about hiring at {org}", "Exploring a collaboration"),
    ("reconnect", "fr"): ("Ça fait un bail !", "Des nouvelles de Lyon", "Je pensais à toi"),
    ("reconnect", "en"): ("Long time no see!", "Catching up after all this time"),
    ("intro", "fr"): ("Mise en relation : {a} / {b}", "Présentation : {a} <> {b}"),
    ("intro", "en"): ("Intro: {a} <> {b}", "Introduction — {a} / {b}"),
}
GREET = {
    "fr": ("Bonjour {first},", "Hello {first},", "Salut {first} !", "Bonjour {first},"),
    "en": ("Hi {first},", "Dear {first},", "Hello {first},"),
}
CLOSE = {
    "fr": (
        "Bien à toi,",
        "Belle journée,",
        "Bien cordialement,",
        "À très vite,",
        "Merci d'avance,",
    ),
    "en": ("Best,", "Kind regards,", "Cheers,", "Thanks,"),
}
PARAS = {
    ("pro", "fr"): (
        "J'espère que tu vas bien et que la rentrée se passe sans trop de stress de ton côté.",
        "Je reviens vers toi suite à notre échange de la semaine dernière : j'ai repris mes "
        "notes et je te propose une première version du planning, à ajuster selon vos "
        "contraintes de calendrier et la disponibilité des managers concernés.",
        "Comme convenu, je t'envoie ci-dessous les grandes lignes de la démarche : un "
        "diagnostic rapide (deux semaines), des entretiens avec les équipes, puis un plan "
        "d'action priorisé que nous présenterons ensemble au comité de direction.",
        "Est-ce que tu aurais 30 minutes la semaine prochaine pour en parler ? Je suis assez "
        "libre mardi après-midi et jeudi matin, sinon dis-moi ce qui t'arrange.",
        "Petite question : est-ce que tu connaîtrais quelqu'un qui s'occupe de la marque "
        "employeur dans une ETI de la région ? J'aimerais comprendre comment ils s'organisent.",
        "Merci encore pour ton accueil mardi, c'était très agréable de se retrouver et "
        "d'échanger sur nos parcours respectifs depuis l'époque où l'on travaillait ensemble.",
        "Je t'appelle dans la semaine pour caler un créneau ; sinon mon portable est en "
        "signature, tu peux me joindre quand tu veux.",
        "Voici le lien vers le document partagé : https://docs.example.org/d/1a2b3c — tu peux "
        "le commenter directement, je ferai la synthèse vendredi.",
        "Ravie d'avoir fait ta connaissance au salon ; comme promis, je te partage quelques "
        "ressources sur l'onboarding et le recrutement des profils tech.",
    ),
    ("pro", "en"): (
        "I hope you are doing well and that things have calmed down a bit since our last call.",
        "From what I understand, the hiring plan for next year is still being discussed, so "
        "it may be a good time to look at the onboarding process together.",
        "From next Monday I will be in Paris for a few days; would you have time for a coffee "
        "near your office on Tuesday or Wednesday?",
        "Following our conversation, here is a short summary of the approach: a two-week "
        "diagnostic, interviews with the teams, then a prioritised action plan.",
        "Thanks again for your time on Tuesday, it was great to catch up and hear about the "
        "new role. Let me know how I can help.",
        "Quick question: do you know someone who runs employer branding in a mid-sized "
        "company? I would love to understand how they organise it.",
    ),
    ("personal", "fr"): (
        "Côté famille tout va bien, les enfants ont repris l'école et on pense déjà aux "
        "vacances de février. On se fait un dîner bientôt ?",
        "Je t'envoie les photos du week-end, il y en a de très belles au bord du lac.",
        "Est-ce que samedi soir vous convient ? Sinon dimanche midi, on s'adapte.",
        "Merci pour la soirée, c'était vraiment super de vous voir tous les deux.",
        "Pense à prendre le livre dont je t'ai parlé, je te le prête avec plaisir.",
    ),
    ("personal", "en"): (
        "From the pictures it looks like you had a wonderful holiday!",
        "Would Saturday evening work for you? Otherwise Sunday lunch is fine too.",
        "Thanks for the lovely evening, it was great to see you both.",
    ),
    ("cold", "fr"): (
        "Je me permets de vous écrire car j'accompagne des PME et ETI sur leurs recrutements "
        "et l'intégration de leurs collaborateurs, en indépendante (portage salarial).",
        "J'ai vu que votre entreprise recrutait beaucoup en ce moment ; je serais ravie "
        "d'échanger 20 minutes sur vos enjeux, sans engagement.",
        "Je vous appellerai en début de semaine prochaine, sauf si vous préférez me proposer "
        "un créneau.",
    ),
    ("cold", "en"): (
        "I am an independent HR consultant helping mid-sized companies with hiring and onboarding.",
        "From what I see on your careers page you are hiring a lot; would a 20-minute call "
        "to compare notes be useful?",
    ),
    ("relance", "fr"): (
        "Je me permets de vous relancer au sujet de mon précédent message, car je sais que "
        "les semaines sont chargées ; n'hésitez pas à me dire si ce n'est pas le bon moment.",
    ),
    ("relance", "en"): (
        "I am following up on my previous message in case it got lost in your inbox; happy to "
        "adapt to your schedule.",
    ),
}
AUTO_REPLY = {
    "fr": "Bonjour,\n\nJe suis absent(e) du bureau jusqu'au {back} inclus, avec un accès "
    "limité à mes e-mails. En cas d'urgence, merci de contacter l'accueil.\n\nCordialement",
    "en": "Hello,\n\nI am out of the office until {back} with limited access to e-mail. "
    "I will reply when I am back.\n\nBest regards",
}
LI_LINES = {
    ("cold", "fr"): (
        "Bonjour {first},  j'ai vu votre parcours chez {org} et j'aimerais échanger "
        "quelques minutes sur vos enjeux RH. Seriez-vous disponible pour un appel ?",
        "Bonjour {first}, merci d'avoir accepté mon invitation ! J'accompagne des "
        "entreprises comme {org} sur le recrutement ; un échange vous dirait ?",
    ),
    ("cold", "en"): (
        "Hi {first},  I noticed your work at {org} and would love to exchange for "
        "15 minutes about your hiring plans. Would you be open to a quick call?",
    ),
    ("hello_out", "fr"): (
        "Hello {first} ! Ça fait longtemps, comment vas-tu ?",
        "Bravo pour le nouveau poste chez {org} !",
        "Bonjour {first}, merci pour la mise en relation !",
    ),
    ("hello_out", "en"): (
        "Hi {first}, long time no see! How are you?",
        "Congrats on the new role at {org}!",
    ),
    ("hello_in", "fr"): (
        "Bonjour Camille, merci pour l'invitation !",
        "Hello Camille, j'ai vu ton post sur l'onboarding, très juste !",
        "Bonjour Camille, je cherche une consultante RH pour une mission courte, "
        "serais-tu disponible ?",
    ),
    ("hello_in", "en"): (
        "Hi Camille, thanks for connecting!",
        "Hi Camille, loved your post about onboarding.",
    ),
    ("reply", "fr"): (
        "Merci pour votre message. Oui avec plaisir, mardi 14h ?",
        "Avec plaisir, je vous appelle mardi.  Bonne journée",
        "Super, on se fait un café la semaine prochaine ?",
        "Merci {first} pour ton retour, je regarde ça et je reviens vers toi.",
        "Top, à très vite !",
    ),
    ("reply", "en"): (
        "Thanks for reaching out. Sure, how about Tuesday 2pm?",
        "Great, talk soon.",
        "Sounds good, thanks {first}!",
    ),
    ("relance", "fr"): (
        "Bonjour {first}, je me permets de revenir vers vous suite à mon "
        "précédent message. Bonne journée !",
    ),
    ("relance", "en"): ("Hi {first}, just following up on my previous message. Have a good day!",),
    ("group", "fr"): (
        "Hello tout le monde ! On organise les retrouvailles de la promo en juin ?",
        "Carrément, je m'occupe de trouver un lieu à Lyon.",
    ),
    ("group", "en"): ("Hi all! Shall we organise a reunion in June?",),
}
MEETING_TITLES = {
    "in_person": (
        "Café avec {first}",
        "Déjeuner {first} / Camille",
        "Rendez-vous {org}",
        "Coffee with {first}",
    ),
    "personal": ("Dîner chez {first}", "Anniversaire de {first}", "Apéro avec {first}"),
    "video": (
        "Visio {org} — point mission",
        "Camille / {first} — échange",
        "Échange {first} {last}",
        "Call Camille <> {first}",
    ),
    "teams": ("Comité de pilotage RH — {org}", "Point hebdo recrutement {org}"),
    "call": ("Appel {first} {last}", "Call with {first}", "Tél. {first}"),
}


def pick(rng: random.Random, pool: tuple[str, ...], **kw: object) -> str:
    return rng.choice(pool).format(**kw)


def subject(rng: random.Random, purpose: str, lang: str, **kw: object) -> str:
    key = purpose if (purpose, lang) in SUBJECTS else "network"
    return pick(rng, SUBJECTS.get((key, lang), SUBJECTS[(key, "fr")]), **kw)


def body(rng: random.Random, lang: str, first: str, signature: str, kind: str) -> str:
    """A plain-text body: greeting, one to four paragraphs, closing and signature."""
    paras = PARAS[(kind, lang)]
    count = rng.randrange(2, 5) if kind in ("pro", "cold") else rng.randrange(1, 3)
    chosen = rng.sample(paras, min(count, len(paras)))
    parts = [pick(rng, GREET[lang], first=first), *chosen, rng.choice(CLOSE[lang]), signature]
    return "\n\n".join(parts)


def auto_reply(lang: str, back: str) -> str:
    return AUTO_REPLY[lang].format(back=back)


def linkedin_line(rng: random.Random, role: str, lang: str, first: str, org: str) -> str:
    pool = LI_LINES.get((role, lang)) or LI_LINES[(role, "fr")]
    return pick(rng, pool, first=first, org=org or "votre entreprise")


def meeting_title(rng: random.Random, mode: str, personal: bool, **kw: object) -> str:
    key = "personal" if personal and mode == "in_person" else mode
    return pick(rng, MEETING_TITLES[key], **kw)


NEWSLETTERS = (
    # (display name, address, list id or "", subject pool, unsubscribe host)
    (
        "Les Echos",
        "newsletters@lesechos.fr",
        "lesechos-quotidienne.lesechos.fr",
        ("La matinale des Echos", "Les Echos Entrepreneurs : 5 idées pour la rentrée"),
        "lesechos.fr",
    ),
    (
        "Welcome to the Jungle",
        "hello@welcometothejungle.com",
        "",
        ("Les offres de la semaine pour vous", "Comment négocier son salaire ?"),
        "wttj.co",
    ),
    (
        "Malt",
        "noreply@malt.fr",
        "",
        ("Nouvelle mission qui pourrait vous intéresser", "Votre profil a été vu 12 fois"),
        "malt.fr",
    ),
    (
        "LinkedIn",
        "messages-noreply@linkedin.com",
        "",
        (
            "{name} vous a envoyé un message",
            "{name} a consulté votre profil",
            "Vous avez 3 nouvelles invitations",
        ),
        "linkedin.com",
    ),
    (
        "Club RH Lyon",
        "club-rh-lyon@googlegroups.com",
        "club-rh-lyon.googlegroups.com",
        ("[Club RH Lyon] Prochaine rencontre le 12", "[Club RH Lyon] Compte rendu de l'atelier"),
        "googlegroups.com",
    ),
    (
        "URSSAF",
        "ne-pas-repondre@urssaf.fr",
        "",
        ("Votre échéance de cotisations", "Un nouveau message dans votre espace"),
        "urssaf.fr",
    ),
    (
        "Medium Daily Digest",
        "noreply@medium.com",
        "daily-digest.medium.com",
        ("The future of work is hybrid", "5 lessons from 10 years of freelancing"),
        "medium.com",
    ),
    (
        "Google Agenda",
        "calendar-notification@google.com",
        "",
        ("Notification : {name} @ 10:00", "Rappel : Point mission"),
        "google.com",
    ),
)
