"""Word lists for :mod:`rashomon.analyze.attributions`.

Kept apart from the rules so that the lists can grow without touching the
logic.  All entries are lower-case lemmas as en_core_web_sm 3.8 gives them.
"""

from __future__ import annotations

# Verbs that report speech whenever they have a subject: "Reyes said.",
# "the ministry denied the report", "Abdraman announced this".
STRONG_SPEECH_VERBS = frozenset(
    {
        "say", "tell", "announce", "inform", "state", "claim", "confirm", "deny", "insist",
        "allege", "declare", "tweet", "warn", "stress", "acknowledge", "admit", "assert",
        "argue", "concede", "reiterate", "emphasise", "emphasize", "testify", "vow", "pledge",
        "reply", "remark", "caution", "contend", "complain", "quip", "retort",
        "affirm", "clarify", "underline", "underscore", "recount", "brief", "proclaim",
    }
)  # fmt: skip

# Verbs that report speech only with a clausal complement, a quote or as the
# trailing reporting clause ("added a new route" / "posted a video" are not
# speech; "added that ...", "..., he added." are).
WEAK_SPEECH_VERBS = frozenset(
    {
        "add", "write", "post", "report", "note", "explain", "ask", "suggest", "reveal",
        "disclose", "indicate", "predict", "estimate", "comment", "recall", "mention",
        "observe", "conclude", "maintain", "urge", "accuse", "agree", "believe", "hint",
        "signal", "promise", "guarantee", "threaten", "demand", "describe", "publish",
        "quote", "cite", "assure", "point", "continue", "respond",
    }
)  # fmt: skip

SPEECH_VERBS = STRONG_SPEECH_VERBS | WEAK_SPEECH_VERBS

# Passive forms that hide the speaker: "were said to have discussed",
# "is reported to be", "it was announced that".  "told"/"warned" in the
# passive make the hearer the subject, so they are not listed here.
ANONYMOUS_PASSIVE_VERBS = frozenset(
    {"say", "report", "announce", "claim", "allege", "state", "believe", "rumour", "rumor", "confirm"}
)

# Platforms after "wrote/posted on ..." that make the verb a speech cue.
PLATFORMS = frozenset(
    {
        "x", "twitter", "facebook", "telegram", "instagram", "linkedin", "threads", "weibo",
        "bluesky", "mastodon", "website", "blog", "media", "account", "page", "channel", "vk",
        "tiktok", "youtube", "truth", "statement",
    }
)  # fmt: skip

# Singular nouns naming a person, for "he"/"she" antecedents when no PERSON
# entity is in the speaker phrase: "a police spokesperson ... she said".
PERSON_NOUNS = frozenset(
    {
        "spokesperson", "spokesman", "spokeswoman", "minister", "official", "president",
        "officer", "commander", "chief", "director", "head", "leader", "governor", "mayor",
        "captain", "survivor", "witness", "resident", "man", "woman", "doctor", "analyst",
        "expert", "lawmaker", "senator", "deputy", "chairman", "chairwoman", "chair", "ceo",
        "executive", "secretary", "general", "colonel", "representative", "ambassador",
        "envoy", "engineer", "scientist", "professor", "researcher", "manager", "owner",
        "farmer", "driver", "passenger", "worker", "nurse", "teacher", "student", "father",
        "mother", "son", "daughter", "husband", "wife", "mp", "prosecutor", "judge", "lawyer",
        "attorney", "instructor", "soldier", "rescuer", "firefighter", "pilot", "fan",
        "steward", "commissioner", "administrator", "adviser", "advisor", "economist",
        "trader", "strategist", "premier", "chancellor", "king", "queen", "prince", "sheikh",
    }
)  # fmt: skip

# Nouns for bodies, media and documents that can be "it" (or "they") when
# they speak: "The Tele Sahel broadcaster showed ... It said ...".
SOURCE_NOUNS = frozenset(
    {
        "broadcaster", "television", "tv", "radio", "agency", "ministry", "government",
        "report", "statement", "company", "firm", "police", "army", "military", "service",
        "office", "department", "council", "committee", "commission", "court", "bank",
        "authority", "authorities", "network", "newspaper", "paper", "channel", "outlet",
        "group", "organisation", "organization", "party", "coalition", "union", "operator",
        "hospital", "university", "institute", "board", "regulator", "parliament",
        "administration", "embassy", "presidency", "kremlin", "guard", "force",
        "forces", "media", "press", "website", "document", "release", "bulletin", "note",
        "study", "survey", "junta", "cabinet", "state", "team", "corps", "unit", "airline",
        "airport", "manufacturer", "maker", "insurer", "centre", "center", "source", "sources",
        "officials", "residents", "witnesses", "survivors", "analysts", "experts",
    }
)  # fmt: skip

# Personal pronouns that get resolved to an earlier speaker or mention.
RESOLVABLE_PRONOUNS = frozenset({"he", "she", "it", "they"})

# Subjects of a relative clause that stand for the noun it modifies.
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})

# Prepositions allowed inside a speaker phrase found by surface pattern
# ("a spokesperson for the ministry", "one of the instructors").
NP_PREPOSITIONS = frozenset({"of", "for", "at", "from"})

OPEN_QUOTES = "“«"
CLOSE_QUOTES = "”»"
QUOTE_CHARS = OPEN_QUOTES + CLOSE_QUOTES + '"'
DASHES = ("—", "–", "--")
