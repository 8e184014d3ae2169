"""Reporting cues: verbs of saying, thinking and announcing (lemmas), and prepositional cues.

The verb lists follow the classes of reporting verbs used in attribution corpora (speech,
statement, belief, evidence), written out for both languages.
"""

REPORTING_VERBS = {
    "fr": frozenset(
        """
        accuser admettre affirmer ajouter alerter annoncer appeler argumenter assurer
        attester avancer avertir avouer certifier clamer commenter communiquer conclure
        confesser confier confirmer considérer constater contester critiquer croire
        déclarer déclamer déplorer démentir dénoncer détailler dire écrire espérer
        estimer évoquer exhorter expliquer exprimer faire-savoir fustiger garantir
        glisser griffonner indiquer informer insister interroger ironiser jurer juger
        lâcher marteler menacer mentionner nier noter notifier objecter observer penser
        plaider poursuivre préciser prédire prétendre prévenir prévoir proclamer
        promettre protester publier raconter rapporter rappeler reconnaître regretter
        relever répéter répliquer répondre révéler revendiquer saluer signaler souhaiter
        souligner soutenir suggérer supposer témoigner tweeter twitter craindre redouter
        considérer s'inquiéter inquiéter déplorer condamner réclamer demander estimer
        assener asséner rétorquer concéder arguer crier conter relater narrer
        qualifier proposer recommander préconiser conseiller réaffirmer réitérer reprocher prôner
        """.split()
    ),
    "en": frozenset(
        """
        accuse acknowledge add admit advise affirm agree allege announce answer argue
        assert assure believe boast brief caution charge claim comment complain concede
        conclude confirm contend counter decry declare demand deny describe disclose
        dismiss emphasize emphasise estimate explain fear find forecast guess hint hope
        indicate inform insist lament maintain mention note object observe pledge point
        predict proclaim promise propose protest question quip reaffirm recall recount
        reiterate remark repeat reply report respond reveal say show signal speculate
        state stress suggest suspect swear tell testify think tweet underscore urge vow
        warn worry write told said says acknowledged concede conclude contend
        attack blast call cite criticize criticise condemn decline describe refuse expect
        know want plan support seem ask encourage demand slam praise hail question
        insist recommend oppose vow endorse reject defend discuss echo liken rule promote
        detail reference illustrate chastise debate admire talk speak complain rail lash
        joke muse boast
        """.split()
    ),
}

# Nouns that report speech or documents: "le rapport de la Commission sur …".
NOMINAL_CUES = {
    "fr": frozenset(
        """
        rapport déclaration déclarations mention mentions remarque remarques constat
        annonce affirmation affirmations allégation allégations témoignage
        témoignages propos aveu avertissement accusation accusations démenti estimation
        """.split()
    ),
    "en": frozenset(
        """
        statement statements report claim claims allegation allegations announcement
        testimony warning accusation remarks estimate
        """.split()
    ),
}

# Cues that take the source as their complement: "selon X", "according to X".
ACCORDING_TO = {
    "fr": ("selon", "d'après", "d' après", "de source", "aux dires de"),
    "en": ("according to", "per", "citing"),
}

# Complementisers that open reported content after a verb.
COMPLEMENTISERS = {"fr": {"que", "qu'", "qu"}, "en": {"that"}}

# Verbs whose claims are opinions, fears or predictions rather than checkable facts.
OPINION_VERBS = frozenset(
    """
    penser croire estimer juger considérer craindre redouter espérer souhaiter supposer
    prévoir prédire believe think fear hope suppose expect predict forecast worry guess
    suspect speculate exprimer express
    """.split()
)
# Verbs and forms that make the content a call to action or a warning.
CALL_TO_ACTION = frozenset(
    """
    exhorter appeler demander réclamer urger inviter enjoindre supplier prier exiger urge
    call demand ask plead implore
    """.split()
)

# Verbs that make the content a warning: an assessment of risk, not a checkable fact.
WARNING_VERBS = frozenset(
    """prévenir avertir alerter mettre-en-garde menacer warn caution alert threaten""".split()
)

TIME_WORDS = frozenset(
    """
    lundi mardi mercredi jeudi vendredi samedi dimanche hier aujourd'hui demain matin soir
    soirée midi semaine mois année jour nuit récemment également ainsi aussi encore monday
    tuesday wednesday thursday friday saturday sunday yesterday today tomorrow morning
    evening night week month year recently also
    """.split()
)


def _french_forms(verbs: frozenset[str]) -> frozenset[str]:
    """Inflected forms of first-group verbs, for when the lemmatizer misses ("indique")."""
    endings = "e es ent ons ez é ée és ées ait aient ant a ais era eront ".split()
    return frozenset(
        v[:-2] + ending for v in verbs if v.endswith("er") and " " not in v for ending in endings
    )


REPORTING_FORMS = {"fr": _french_forms(REPORTING_VERBS["fr"]), "en": frozenset()}
