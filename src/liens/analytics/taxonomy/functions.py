"""Function families read from job titles, in French and English.

The diagnosis asks how diverse my contacts' trades are and how many share mine (the
"alter-ego" network of seed 002). A title says it in many ways: "DRH Groupe", "Chargée de
recrutement IT", "Talent Acquisition Partner" are all `hr`. Codes are stable lower_snake
strings; the report translates them.

How a title is read (the order matters, and is the one place to change behaviour):

1. The title is folded and cut into segments (see `_text.segments`): employer after
   "@"/"chez"/"at" and former roles ("ex-DRH") are dropped.
2. Tiers are tried in order; the first tier with a match in any segment decides, segments
   being tried in the order written.
   - **roles**: multi-word roles, unambiguous role nouns and C-level acronyms
     ("ingénieur d'affaires", "data scientist", "recruteur", "juriste", "DRH", "CFO").
     Within a tier the *leftmost* match wins: French titles put the head first
     ("Juriste droit commercial" is legal).
   - **departments**: function words ("commercial", "marketing", "RH", "finance",
     "logistique"): "Directeur commercial" is sales, not management, because "directeur"
     alone names no function. "IT Recruiter" is hr because "recruiter" is a role (tier
     above) and "IT" only a qualifier (tier below).
   - **engineering at large**: "ingénieur", "engineer", "technicien" with no better clue.
   - **status**, by priority, not position: `founder` > `management` > `consulting`.
     A trade named anywhere wins over these: "Co-founder & CTO" is engineering,
     "Consultant RH" is hr, but "CEO & Co-founder" is founder (a founder running the
     company he created, the population of the business-creation use case).
   - **qualifiers**, leftmost: sector and technology words that say the field but not the
     job (IT, digital, web, santé, banque, université, secteur public).
   - **last resort**, by priority: `independent` > `student`. "Freelance" or "Étudiante"
     alone say a status only; "Développeur freelance" is engineering and "Stagiaire
     marketing digital" is marketing (the seniority reader says `student`).
3. Nothing matched: None (unknown), e.g. "Retraité", "--", "Chef de projet".

Decisions: `independent` is its own family, separate from `founder` (who created a company,
"entrepreneur" included); "auto-entrepreneur", "portage salarial" are independent.
CTO is engineering, CIO/DSI/RSSI are it, COO and CEO are management, CPO is product,
CDO is data. PhD students are education_research (their trade is research).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from liens.analytics.taxonomy._text import segments
from liens.analytics.taxonomy._words import Words

__all__ = ["FAMILY_DESCRIPTIONS", "FUNCTION_FAMILIES", "function_of", "functions_of"]

FAMILY_DESCRIPTIONS: dict[str, str] = {
    "hr": "Human resources: HR directors and business partners, recruiters, payroll, training.",
    "sales": "Selling: account executives and managers, business developers, sales engineers.",
    "marketing": "Marketing: brand, product marketing, growth, SEO/SEA, e-commerce, digital.",
    "communication": "Communication: press relations, content, community managers, journalists.",
    "product": "Product management: product managers and owners, chefs de produit.",
    "design": "Design: UX/UI, graphic, art direction, illustration, architecture.",
    "engineering": "Building software and hardware: developers, engineers, DevOps, CTOs.",
    "data": "Data science and analytics: data scientists and analysts, BI, machine learning.",
    "it": "Running information systems: CIO/DSI, sysadmins, IT support, security (RSSI).",
    "finance": "Finance: CFO/DAF, accounting, controlling, audit, banking, investment.",
    "legal": "Law: lawyers (avocats), in-house counsel (juristes), notaries, compliance.",
    "operations": "Operations: logistics, supply chain, purchasing, production, quality, office.",
    "consulting": "Consultants and advisers, when no trade is named (Consultante SAP).",
    "management": "General management: CEO, DG/PDG, directeur général, gérant, président, COO.",
    "founder": "Founders and entrepreneurs: who created the company they run.",
    "independent": "Self-employed with no trade named: freelance, auto-entrepreneur, portage.",
    "education_research": "Teaching, training, coaching and research: teachers, PhDs, coaches.",
    "health": "Health professions: physicians, nurses, pharmacists, therapists.",
    "public": "Public service: civil servants, elected officials, police, armed forces.",
    "student": "Students, interns and apprentices with no trade named.",
}
# In report order.
FUNCTION_FAMILIES: tuple[str, ...] = tuple(FAMILY_DESCRIPTIONS)


def _any(lines: str) -> str:
    """One alternative per line (or several joined by "|"), as one pattern."""
    return "|".join(line.strip() for line in lines.strip().splitlines() if line.strip())


# Tier "roles": leftmost wins; at the same position, the first listed (so compounds come
# before the shorter words they contain, and software architects before building ones).
# One alternative per line, or several joined by "|".
_ROLES: dict[str, str] = {
    "sales": r"""
        ingenieure?s? (?:d affaires|commerciale?s?|commerciaux|technico commerciale?s?)
        ingenieure?s? (?:avant vente|pre ?sales?)|business dev(?:elop\w*)?|biz ?dev
        (?:key |global |strategic |national |major )?account (?:executive|manager|director|lead)s?
        kam|sdr|bdr|inside sales|sales development|sales engineers?
        charge(?:e)?s? d affaires|charge(?:e)?s? de clientele|apporteu(?:r|se)s? d affaires
        grands comptes|technico commerciale?s?|technico commerciaux
        (?:conseill(?:er|ere)|attache(?:e)?|agent|assistante?|delegue(?:e)?)s? commerciale?s?
        conseill(?:er|ere)s? (?:de vente|clientele|en vente|commercial)
        (?:delegue(?:e)?|visiteu(?:r|se))s? (?:medicale?|pharmaceutique)s?|medical sales
        pre ?sales?|avant vente|customer success|chief revenue officer|cro
        negociat(?:eur|rice)s?|vendeu(?:r|se)s?|salesman|saleswoman
        agente?s? immobiliers?|mandataires? immobiliers?
    """,
    "hr": r"""
        talent acquisition|recrut(?:eur|euse)s?|recruiters?|headhunters?
        chasseu(?:r|se)s? de tetes?|drh|rrh|grh|hrbp|chro
        chief (?:people|human resources|hr) officer|charge(?:e)?s? de (?:recrutement|formation)
        (?:hr|people) business partners?|people partners?|gestionnaires? (?:de )?paie|payroll
    """,
    "marketing": r"""
        product marketing|trade marketing|growth hack(?:er|ers|ing)|market research
        etudes? de marche|media buyers?|traffic managers?|cmo|chief marketing officer
        chef(?:fe)?s? de marque|brand managers?|marketeu(?:r|se)s?|marketers?
    """,
    "communication": r"""
        community managers?|social media|reseaux sociaux|brand content
        relations? (?:presse|publiques|medias?)|public relations|attache(?:e)?s? de presse
        press officers?|content (?:manager|writer|creator|strategist)s?
        creat(?:eur|rice)s? de contenus?|charge(?:e)?s? de communication
        redact(?:eur|rice)s?(?! territoriale?)|copywriters?|journalistes?|journalists?
        porte parole|spokesperson|traduct(?:eur|rice)s?|translators?|interpretes?|interpreters?
    """,
    "public": r"""
        fonctionnaires?|agente?s? (?:public|publique|territoriale?|de l etat)
        attache(?:e)?s? (?:territoriale?|d administration)|redact(?:eur|rice)s? territoriale?
        adjointe? au maire|maire|elue?s?|deputee?s?|senat(?:eur|rice)s?
        conseill(?:er|ere)s? (?:municipale?|regionale?|departementale?|communautaire)
        diplomat(?:e|es|s)?|policiere?s?|gendarmes?|militaires?|(?:sapeurs? )?pompiers?
        inspect(?:eur|rice)s? (?:des finances|du travail|des impots|academique)
        officiers?|(?:sous )?prefete?|civil servants?|dgs|secretaire de mairie|policy officers?
    """,
    "data": r"""
        data scien(?:tist|tists|ce)|data analy(?:st|ste|stes|sts|tics)|business intelligence
        data (?:manager|steward|officer)s?|chief data officer|cdo
        machine learning|deep learning|intelligence artificielle
        (?:ai|ia|ml) (?:engineer|ingenieur|scientist|researcher)s?
        statisticien(?:ne)?s?|statisticians?|data mining
        bi (?:analyst|developer|consultant|manager)s?|analystes? bi|consultante?s? bi
    """,
    "legal": r"""
        dpo|data protection officers?|delegue(?:e)?s? a la protection des donnees
        compliance officers?|general counsel
        juristes?|avocate?s?|lawyers?|attorneys?|counsel|notaires?|notary|paralegals?
        magistrate?s?|juges?|judges?|huissier(?:e)?s?|mandataires? judiciaires?
    """,
    "engineering": r"""
        data engineers?|recherche et developpement|r ?& ?d
        ingenieure?s? (?:data|donnees|logiciels?|informatiques?|en informatique|developpement)
        ingenieure?s? (?:etudes et developpement|r&d|recherche et developpement|devops|cloud)
        ingenieure?s? (?:tests?|systemes? embarques?)
        software|logiciels?|webmasters?|developpeu(?:r|se)s?|developers?|devs?|programm(?:eur|euse)s?
        programmers?|devops|sre|site reliability|full ?stack|front ?end|back ?end
        tech leads?|lead devs?|cto|chief technology officer|chief technical officer
        vp engineering|integrat(?:eur|rice)s? (?:web|html)|qa (?:engineer|analyst|tester)s?
        testeu(?:r|se)s?|testers?
        architecte?s? (?:logiciels?|solutions?|cloud|si|systemes?|techniques?|data|applicatifs?)
        architecte?s? (?:d entreprise|entreprise|it|infrastructure|securite|technical|software)
        (?:solutions?|software|cloud|enterprise|data|it|technical|security|systems?) architects?
        application architects?
    """,
    "it": r"""
        dsi|cio|chief information officer|ciso|chief information security officer|rssi
        sysadmins?|administrat(?:eur|rice)s? (?:systemes?|reseaux?|sys|bases? de donnees|si)
        systems? administrators?|network (?:engineer|administrator)s?
        ingenieure?s? (?:systemes?|reseaux?|securite|cybersecurite|infrastructure|support)
        technicien(?:ne)?s? (?:informatique|support|reseaux?|helpdesk|systemes?)
        help ?desk|service desk|support informatique|it support|informaticien(?:ne)?s?
        systemes? d information|dba|database administrators?|data ?cent(?:er|re)s?
    """,
    "product": r"""
        product (?:manager|owner|lead|director|management|ops|analyst)s?
        chef(?:fe)?s? de produits?|cpo|chief product officer|po|proxy po
        scrum masters?|agile coach(?:es)?|coachs? agiles?
    """,
    "design": r"""
        product designers?|ux writers?|(?:ux|user) research(?:er|ers)?
        designers?|webdesigners?|graphistes?|graphic|direct(?:eur|rice)s? artistiques?
        direction artistique|art directors?|illustrat(?:eur|euse|rice|or|ors)s?|motion design
        architecte?s? d interieur|interior (?:designer|architect)s?|photographes?|photographers?
        architecte?s?|architects?
    """,
    "finance": r"""
        daf|raf|cfo|chief financial officer|experte?s? comptables?|comptables?|accountants?
        controleu(?:r|se)s? (?:de gestion|financiere?s?)|controle de gestion
        financial controllers?|controllers?|audit(?:eur|euse|rice)s?|auditors?
        commissaires? aux comptes|tresorier(?:e)?s?|treasurers?|fiscalistes?
        tax (?:manager|advisor|specialist)s?|actuaires?|actuar(?:y|ies)|banquier(?:e)?s?
        bankers?|traders?|gestionnaires? de patrimoine|wealth managers?
        conseill(?:er|ere)s? (?:en gestion de patrimoine|bancaires?|financiere?s?)
        conseill(?:er|ere)s? en investissement|analystes? financiere?s?|financial analysts?
        investment|investisseu(?:r|se)s?|investors?|private equity|venture capital
        capital risque|business angels?|m&a|fusions? acquisitions?
    """,
    # operations includes administrative support (assistants, office managers)
    "operations": r"""
        supply chain|achet(?:eur|euse)s?|buyers?|approvisionn(?:eur|euse)s?
        logisticien(?:ne)?s?|office managers?|plant managers?|direct(?:eur|rice)s? d usine
        health (?:and|&) safety|qhse|hse|lean|planificat(?:eur|rice)s?|planners?
        ordonnanc(?:eur|euse)s?|chef(?:fe)?s? d atelier|chef(?:fe)?s? de chantier
        conduct(?:eur|rice)s? de travaux|facility managers?|services generaux|moyens generaux
        secretaires?(?! general)|executive assistants?|category managers?
        hote(?:sse)?s? d accueil|standardistes?|receptionnistes?|receptionists?
        assistante?s? (?:de direction|administratif|administrative|executive)
    """,
    "education_research": r"""
        enseignante?s?|professeure?s?|profs?|teachers?|professors?|lecturers?
        maitre(?:sse)?s? de conferences|format(?:eur|rice)s?|trainers?|coach(?:s|es|ing)?
        chercheu(?:r|se)s?|researchers?|doctorante?s?|phd|ph d|post ?docs?
        post ?doctora(?:l|nt|nte)|institut(?:eur|euse|rice)s?|educat(?:eur|rice)s?|educators?
        tutors?|tut(?:eur|rice)s?|pedagog\w*|proviseure?s?|mentors?
        charge(?:e)?s? de recherche|direct(?:eur|rice)s? de recherche
        ingenieure?s? de recherche|research (?:scientist|fellow|engineer|associate|assistant)s?
    """,
    "health": r"""
        medecins?|docteurs? en (?:medecine|pharmacie)|physicians?|infirmier(?:e)?s?|nurses?
        pharmacien(?:ne)?s?|pharmacists?|kines?|kinesitherapeutes?|physiotherapists?
        osteopathes?|dentistes?|dentists?|chirurgien(?:ne)?s?|surgeons?|sages? femmes?
        midwi(?:fe|ves)|psychologues?|psychologists?|psychiatres?|psychiatrists?
        psychotherapeutes?|therapeutes?|therapists?|orthophonistes?|orthoptistes?
        ergotherapeutes?|aides? soignante?s?|puericultrices?|veterinaires?|veterinarians?
        opticien(?:ne)?s?|audioprothesistes?|dieteticien(?:ne)?s?|nutritionnistes?
        sophrologues?|naturopathes?|radiologues?|cardiologues?|pediatres?|anesthesistes?
        gynecologues?|dermatologues?|ophtalmologistes?|psychomotricien(?:ne)?s?
        praticien(?:ne)?s? hospitaliere?s?|medecine|recherche clinique|clinical research
        attache(?:e)?s? de recherche clinique|interne en medecine
    """,
}

# Tier "departments": function words, leftmost wins.
_DEPARTMENTS: dict[str, str] = {
    "hr": r"""
        rh|hr|ressources humaines|human resources|human capital|recrutement|recruitment
        recruiting|talents?|paie|people|relations sociales|sirh|gestion du personnel|formation
    """,
    "sales": r"""
        commerciale?s?|commerciaux|sales|ventes?|commerce international|key accounts
        service clients?|customer (?:service|care|support)|sav|relations? clients?
    """,
    "marketing": r"""
        marketing|webmarketing|mkt|seo|sea|sem|sma|growth|acquisition|brand|marques?
        e ?commerce|merchandising|publicite|advertising|media|medias
    """,
    "communication": r"""
        communications?|comm|presse|press|rp|pr|content|contenus?|editorial|evenementiel
        events?|evenements?|influence
    """,
    "product": r"products?|produits?",
    "design": r"design|ux|ui",
    "data": r"data|donnees|bi|big data|analytics|statistiques?|statistics",
    "it": r"""
        informatique|si|moa|amoa|moe|cybersecurite|cybersecurity|securite informatique
        infrastructures?|reseaux et telecoms?|telecoms?|ict
    """,
    "finance": r"""
        finances?|financiere?s?|financiers|financial|comptabilite|accounting|audit|tresorerie
        treasury|fiscal|fiscalite|tax|controlling|credit|recouvrement|risques?|risk
    """,
    "legal": r"""
        juridique|legal|droit|contentieux|compliance|conformite|propriete intellectuelle
        intellectual property
    """,
    "operations": r"""
        operations|ops|operationnel(?:le)?s?|logistique|logistics|achats?|purchasing
        procurement|sourcing|production|manufacturing|usine|maintenance|qualite|quality
        exploitation|transports?|entrepots?|warehouse|approvisionnements?|methodes
    """,
    "education_research": r"research|enseignement|pedagogique",
}

# Tier "engineering at large".
_ENGINEERING: dict[str, str] = {
    "engineering": r"""
        ingenieure?s?|engineers?|engineering|technicien(?:ne)?s?|technicians?|techniques?
        bureau d etudes
    """,
}

# Tier "status", by priority (listing order), wherever in the title.
_STATUS: dict[str, str] = {
    "founder": r"""
        (?:co ?)?fondat(?:eur|rice)s?|(?:co ?)?founders?|founding (?:partner|member)s?
        creat(?:eur|rice)s? d (?:entreprises?|activite|startup)
        (?<!auto )(?<!micro )entrepreneu(?:r|re|se)s?|porteu(?:r|se)s? de projets?|startuper
    """,
    "management": r"""
        direct(?:eur|rice)s? generale?s?(?: adjointe?s?| delegue(?:e)?s?)?|dga?|pdg|ceo
        chief executive(?: officer)?|(?<!vice )presidente?s?|(?:co ?)?gerante?s?
        managing directors?|general managers?|country managers?|coo|chief operating officer
        dirigeante?s?|chef(?:fe)?s? d entreprises?
        direct(?:eur|rice)s? (?:d agence|d etablissement|de site|de centre|de filiale)
        direct(?:eur|rice)s? (?:de business unit|de region|de magasin)
        business unit (?:director|manager|head)s?|board members?|members? of the board
        executive director|responsables? d agence
        administrat(?:eur|rice)s? (?:independante?s?|de societes?)|store managers?
        secretaires? generale?s?
    """,
    "consulting": r"""
        consultante?s?|consultancy|consulting|conseils?|conseill(?:er|ere)s?|advisors?
        advisers?|advisory|strategie|strategy|strategists?|transformation
    """,
}

# Tier "qualifiers": sector and technology words, leftmost wins.
_QUALIFIERS: dict[str, str] = {
    "it": r"it",
    "engineering": r"tech|technologies?|web|mobile|cloud|saas",
    "data": r"ai|ia|ml|analystes?|analysts?",
    "marketing": r"digital|digitale|numerique",
    "finance": r"banque|bank|banking|bancaire|assurances?|insurance|fintech|bourse",
    "education_research": r"""
        universites?|university|ecoles?|schools?|academique|academic|education|edtech
        e ?learning
    """,
    "health": r"""
        docteurs?|doctors?|sante|health|healthcare|medicale?|medico|pharma|pharmaceutique
        clinique|clinical|hopital|hospital|biotech|ehpad
    """,
    "public": r"""
        fonction publique|secteur public|public sector|collectivites?(?: territoriales?)?
        mairie|ministere|ministry|prefecture|gouvernement|government|administration publique
        service public|conseil (?:departemental|regional|municipal)
    """,
    "operations": r"industrie|industry|industrial|industriel(?:le)?s?",
}

# Tier "last resort", by priority.
_LAST: dict[str, str] = {
    "independent": r"""
        free ?lance(?:r|rs|s)?|independante?s?|auto entrepreneu(?:r|re|se)s?
        micro entrepreneu(?:r|re|se)s?|self employed|travailleu(?:r|se)s? independante?s?
        a (?:mon|son) compte|portage salarial|salariee?s? portee?s?|profession liberale
        liberale?s?
    """,
    "student": r"""
        etudiante?s?|students?|stagiaires?|interns?|internship|trainees?|alternante?s?
        alternance|apprentie?s?|apprentices?|apprentissage|eleves?|lyceen(?:ne)?s?
        (?:en|de|un|mon) stage|stage (?:de|en|d)|undergraduate
    """,
}


class _Leftmost:
    """A tier read by position: the leftmost match in the first segment that has one."""

    def __init__(self, tier: dict[str, str]) -> None:
        self.words = Words(tuple((family, _any(lines)) for family, lines in tier.items()))

    def first(self, parts: tuple[str, ...]) -> str | None:
        for part in parts:
            family = self.words.find(part)
            if family is not None:
                return family
        return None


class _Priority:
    """A tier read by priority: families tried one after the other, wherever they appear."""

    def __init__(self, tier: dict[str, str]) -> None:
        self.entries = tuple(Words(((family, _any(lines)),)) for family, lines in tier.items())

    def first(self, parts: tuple[str, ...]) -> str | None:
        for words in self.entries:
            for part in parts:
                family = words.find(part)
                if family is not None:
                    return family
        return None


_TIERS = (
    _Leftmost(_ROLES),
    _Leftmost(_DEPARTMENTS),
    _Leftmost(_ENGINEERING),
    _Priority(_STATUS),
    _Leftmost(_QUALIFIERS),
    _Priority(_LAST),
)


@lru_cache(maxsize=65536)
def function_of(title: str | None) -> str | None:
    """The function family a job title states, or None when it names none."""
    if not title:
        return None
    return _family(segments(title))


@lru_cache(maxsize=65536)
def _family(parts: tuple[str, ...]) -> str | None:
    """Cached on the cleaned segments: "Sales Manager @ Acme" and "@ Globex" read once."""
    for tier in _TIERS:
        family = tier.first(parts)
        if family is not None:
            return family
    return None


def functions_of(titles: Iterable[str | None]) -> list[str | None]:
    """`function_of` over many titles; repeats cost a cache lookup."""
    return [function_of(title) for title in titles]
