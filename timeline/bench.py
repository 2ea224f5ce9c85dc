"""The benchmark behind ``make bench``: a synthetic corpus, timed builds, a report.

This module owns everything about measuring the engine and nothing the engine
needs: it is never imported by a build.

* ``python -m timeline.bench generate N DIR`` writes a deterministic corpus of N
  events (and the actors, documents, places, threads they name) that follows the
  content contract and uses every accepted date form.
* ``python -m timeline.bench run --sizes 1000 10000 --out bench-results`` builds
  each corpus in child processes with this engine (cold, warm and after editing
  one event), with stock Pelican on the same events converted to plain articles,
  and with Hugo if it is installed; it writes ``bench.md`` and ``bench.json``.
* ``python -m timeline.bench phases DIR`` times, in one process, the parts of a
  build (read, validate, dates, references, bodies, whole build).
* ``python -m timeline.bench profile DIR`` prints cProfile's hot spots of a build.

Child processes are reaped with ``os.wait4`` so their CPU time and peak memory
are the child's own (including any process it waited for), not the parent's.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import io
import json
import os
import platform
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"
SEED = 8
LINK_KINDS = "event|actor|document|place|thread|page"
BODY_LINK = re.compile(rf"\[([^\]]+)\]\((?:{LINK_KINDS}):[^)\s]*\)")
PAGE_LIMIT = 250_000  # bytes: the goal "no page over 250 KB"

# ---------------------------------------------------------------------------
# Word pools: enough variety that titles, names and bodies do not repeat often.
# ---------------------------------------------------------------------------
FIRST = ("Aram", "Leyla", "Davit", "Elmar", "Nina", "Sergei", "Anna", "Vagif", "Tigran", "Mariam", "Rustam",
         "Elena", "Karen", "Zoë", "Jean", "Matthew", "Igor", "Gökçe", "Ilham", "Serzh", "Levon", "Robert",
         "Heydar", "Nikol", "Ararat", "Bernard", "Yuri", "Arkady", "Andrzej", "Heidi", "Olga", "Jacques",
         "Ruslan", "Lusine", "Farid", "Samir", "Arif", "Hikmet", "Ani", "Gohar")  # fmt: skip
LAST = ("Petrosyan", "Mammadov", "Hakobyan", "Karimov", "Sargsyan", "Guliyev", "Ivanov", "Dubois", "Bryza",
        "Kasprzyk", "Warlick", "Popescu", "Lindqvist", "Novak", "Demir", "Ghukasyan", "Babayev", "Müller",
        "Ortega", "Tanaka", "Asanov", "Hovhannisyan", "Ismayilov", "Kovalenko", "Zeynalov", "Arutyunyan",
        "Fischer", "Rossi", "Horvat", "Jensen", "Markaryan", "Huseynov", "Vartanyan", "Aliyeva", "Berg",
        "Mirzoyan", "Bayramov", "Kocharyan", "Abdullayev", "Lavrentiev")  # fmt: skip
SYLLABLES = ("ar", "ve", "lo", "mi", "ka", "ra", "zan", "tor", "bel", "sha", "gan", "dor", "el", "na", "us",
             "vi", "tal", "mar", "sen", "ko", "ri", "stan", "gor", "ly", "ba", "den", "ost", "kir")  # fmt: skip
ORG_PATTERNS = ("{a} Cooperation Council", "Organisation for {b} Security", "{a} Contact Group",
                "Joint {b} Commission", "{a} Monitoring Mission", "Parliamentary Assembly of {a}",
                "Committee on {b} Affairs", "{a} Mediation Group")  # fmt: skip
REGIONS = ("Northern", "Southern", "Eastern", "Western", "Caspian", "Black Sea", "Trans-Regional", "Highland")
TOPICS = ("ceasefire", "border", "refugee", "status", "security", "humanitarian", "water", "transport",
          "prisoner exchange", "settlement", "energy", "trade", "monitoring", "de-mining", "elections")  # fmt: skip
ROLES = ("President of {s}", "Foreign Minister of {s}", "Co-chair of the mediation group", "Ambassador of {s}",
         "Special envoy to {s}", "Deputy Foreign Minister of {s}", "Prime Minister of {s}",
         "Spokesperson of {s}")  # fmt: skip
DOC_KINDS = ("resolution", "declaration", "statement", "draft", "agreement", "protocol", "communiqué", "report")
DOC_STATUS = ("published", "unpublished", "contested")
PUBLISHERS = ("Example News Agency", "Regional Herald", "Caspian Daily", "The Morning Wire", "Global Dispatch",
              "Highland Times", "Radio Liberty Review", "Evening Courier", "Capital Gazette", "Foreign Desk Weekly",
              "Open Ledger", "The Observer Monthly", "Continental Press", "News Service of the Region",
              "Agence Exemple", "Correspondent", "Daily Sentinel", "The Chronicle", "Policy Review",
              "State Information Agency", "Independent Bulletin", "Wire Service East", "Borderland Post",
              "The Review of Diplomacy", "Civil Society Monitor", "Mountain Voice", "Harbour Times",
              "Weekly Standard-Bearer", "The Telegraph Line", "Union Press Office")  # fmt: skip
TAGS = ("summit", "ceasefire", "statement", "un", "escalation", "negotiations", "visit", "sanctions", "proposal",
        "elections", "referendum", "humanitarian", "prisoners", "border", "mediation", "resolution",
        "incident", "protest", "agreement", "monitoring", "energy", "trade", "refugees", "parliament",
        "interview", "report", "communique", "talks", "military", "postponed")  # fmt: skip
TITLE_PATTERNS = ("{a} and {b} meet in {p}", "{a} issues statement on the {t} question", "Talks on {t} resume in {p}",
                  "{a} rejects the {d}", "Ceasefire violations reported near {p}", "{a} visits {p}",
                  "{a} proposes the {d}", "Summit of {a} and {b} ends without agreement",
                  "{a} calls for progress on {t}", "Mediators present the {d}", "{a} and {b} sign the {d}",
                  "Protest in {p} over {t} talks", "{a} briefs parliament on {t}",
                  "Working group on {t} meets in {p}", "{a} postpones talks with {b}")  # fmt: skip
SENTENCES = ("The meeting in {P} lasted several hours and ended with a short joint statement.",
             "{A} said the sides had agreed to continue work on the {t} issues.",
             "According to {S}, the delegations discussed the {D} and the next steps.",
             "Observers noted that the tone was more constructive than at {E}.",
             "The talks took place against the background of incidents along the line of contact.",
             "{A} and {B} exchanged views on confidence-building measures and on {t}.",
             "No date for a further round was announced.",
             "The statement was later disputed by officials on the other side.",
             "Several reports described the outcome as *modest but real*.",
             "Earlier, {A} had warned that the {t} question could not be postponed indefinitely.",
             "The {T} gained new momentum after this round.",
             "Details of the {D} were not made public at the time.",
             "Local media in {P} reported large numbers of journalists outside the venue.",
             "The mediators welcomed the commitment of both sides to the {t} track.",
             "It remains unclear who proposed the new wording; accounts differ.",
             "Officials described the exchange as frank, a word often used for difficult talks.")  # fmt: skip
QUOTES = ("We reached an understanding on a number of issues.", "There is no alternative to a negotiated settlement.",
          "The {t} question must be solved step by step.", "We are ready to continue the dialogue.",
          "This proposal is not acceptable to us in its current form.", "Both sides showed political will.",
          "The ceasefire must be respected by everyone.", "We will not accept any change of the status quo by force.",
          "Today was a difficult but useful day.", "The people of {p} deserve peace and security.")  # fmt: skip
RELATION_TYPES = ("follows", "follows", "responds-to", "implements", "context", "context", "disputes")

# Every date form of the contract, with how often it occurs after the first of each.
DATE_FORMS = {"year": 6, "month": 12, "day": 32, "year-interval": 5, "day-interval": 6, "approximate": 5,
              "uncertain": 5, "month-name": 6, "short-month": 5, "day-month-name": 12, "year-range": 6}  # fmt: skip
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
FIRST_YEAR, LAST_YEAR = 1990, 2025


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:70].strip("-")


def q(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


# ---------------------------------------------------------------------------
# The synthetic corpus
# ---------------------------------------------------------------------------
@dataclass
class Entity:
    kind: str
    slug: str
    name: str
    front: dict[str, str] = field(default_factory=dict)  # key -> YAML text of the value
    body: str = ""


@dataclass
class CorpusStats:
    events: int
    entities: dict[str, int]
    date_forms: dict[str, int]
    relations: int
    quotes: int
    sources: int
    bytes: int


def format_date(rng: random.Random, form: str) -> tuple[str, dt.date, bool]:
    """``(yaml text, first day, quoted?)`` of a random date in ``form``."""
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    month = MONTHS[day.month - 1]
    if form == "year":
        return str(year), dt.date(year, 1, 1), rng.random() < 0.5  # unquoted, YAML gives an int
    if form == "month":
        return f"{year}-{day.month:02d}", day.replace(day=1), True
    if form == "day":
        return day.isoformat(), day, rng.random() < 0.7  # unquoted: the reader keeps it as text
    if form in ("year-interval", "year-range"):
        year = min(year, LAST_YEAR - 1)
        end = min(LAST_YEAR, year + rng.randint(1, 3))
        sep = "/" if form == "year-interval" else "-"
        return f"{year}{sep}{end}", dt.date(year, 1, 1), True
    if form == "day-interval":
        end = day + dt.timedelta(days=rng.randint(1, 9))
        return f"{day.isoformat()}/{end.isoformat()}", day, True
    if form == "approximate":
        return f"{year}~", dt.date(year, 1, 1), True
    if form == "uncertain":
        return f"{year}?", dt.date(year, 1, 1), True
    if form == "month-name":
        return f"{month} {year}", day.replace(day=1), True
    if form == "short-month":
        return f"{month[:3]} {year}", day.replace(day=1), True
    if form == "day-month-name":
        return f"{day.day} {month} {year}", day, True
    raise ValueError(form)


class Generator:
    """Builds one corpus in memory, then writes it; all randomness from one seed."""

    def __init__(self, n: int, seed: int = SEED) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.used: set[tuple[str, str]] = set()
        self.actors = self._actors(min(400, max(40, n // 5)))
        self.places = self._places(min(250, max(20, n // 20)))
        self.documents = self._documents(min(600, max(20, n // 15)))
        self.threads = self._threads(min(80, max(8, n // 100)))
        # a few actors and places appear very often, most rarely (as in real timelines)
        self.actor_weights = [1 / (rank + 1) ** 0.7 for rank in range(len(self.actors))]
        self.place_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.places))]
        self.form_counts: dict[str, int] = {}
        self.relation_count = self.quote_count = self.source_count = 0

    # -- names ---------------------------------------------------------------
    def unique(self, kind: str, name: str) -> str:
        base = slugify(name) or kind
        slug, number = base, 2
        while (kind, slug) in self.used:
            slug, number = f"{base}-{number}", number + 1
        self.used.add((kind, slug))
        return slug

    def word(self, parts: int = 2) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(parts)).capitalize()

    def _actors(self, count: int) -> list[Entity]:
        rng, actors = self.rng, []
        states = [self.word(rng.randint(2, 3)) + rng.choice(("ia", "stan", "a", "land")) for _ in range(12)]
        for index in range(count):
            kind = ("state", "organisation", "de-facto authority", "person", "person", "person")[index % 6]
            if kind == "state":
                name = states[index // 6 % len(states)]
                name = name if index < 72 else f"Republic of {name} ({index})"
            elif kind == "organisation":
                name = rng.choice(ORG_PATTERNS).format(a=rng.choice(REGIONS), b=rng.choice(TOPICS).title())
            elif kind == "de-facto authority":
                name = f"{self.word()} {rng.choice(('authorities', 'administration', 'council'))}"
            else:
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            front = {"name": q(name), "kind": q(kind)}
            if kind == "person":
                front["role"] = q(rng.choice(ROLES).format(s=rng.choice(states)) + f", {rng.randint(1990, 2020)}")
            if rng.random() < 0.3:
                front["aliases"] = flow([q(name.split()[-1] if " " in name else name.upper()[:4])])
            body = f"{name} appears in the timeline as a {kind}." if rng.random() < 0.8 else ""
            actors.append(Entity("actor", self.unique("actor", name), name, front, body))
        return actors

    def _places(self, count: int) -> list[Entity]:
        places = []
        for _ in range(count):
            name = self.word(self.rng.randint(2, 3)) + self.rng.choice(("", "grad", "abad", "ovo", "shen", " City"))
            front = {"name": q(name)}
            if self.rng.random() < 0.4:
                front["aliases"] = flow([q(name + "i"), q(name.lower().capitalize() + " district")])
            places.append(Entity("place", self.unique("place", name), name, front, ""))
        return places

    def _documents(self, count: int) -> list[Entity]:
        rng, documents = self.rng, []
        for _ in range(count):
            kind = rng.choice(DOC_KINDS)
            name = f"{rng.choice(REGIONS)} {kind} on {rng.choice(TOPICS)}"
            front = {"name": q(name), "kind": q(kind), "status": q(rng.choice(DOC_STATUS))}
            if rng.random() < 0.7:
                text, _, _ = format_date(rng, rng.choice(("year", "month", "day", "year-interval")))
                front["date"] = q(text)
            if rng.random() < 0.4:
                front["url"] = f"https://documents.example.org/{slugify(name)}-{rng.randrange(10**6)}.pdf"
            body = f"The {kind} deals with {rng.choice(TOPICS)}. What is known of its text is summarised here."
            documents.append(Entity("document", self.unique("document", name), name, front, body))
        return documents

    def _threads(self, count: int) -> list[Entity]:
        threads = []
        for _ in range(count):
            name = f"{self.rng.choice(TOPICS).capitalize()} negotiations ({self.rng.choice(REGIONS)} track)"
            front = {"title": q(name), "summary": q(f"The storyline of the {name.lower()}.")}
            threads.append(Entity("thread", self.unique("thread", name), name, front, ""))
        return threads

    # -- events --------------------------------------------------------------
    def pick(self, pool: list[Entity], weights: list[float] | None, count: int) -> list[Entity]:
        chosen: dict[str, Entity] = {}
        while len(chosen) < min(count, len(pool)):
            entity = self.rng.choices(pool, weights)[0] if weights else self.rng.choice(pool)
            chosen[entity.slug] = entity
        return list(chosen.values())

    def events(self) -> list[tuple[str, str]]:
        """``(slug, file text)`` of every event, in chronological order of generation."""
        rng, forms = self.rng, list(DATE_FORMS)
        plans = []
        for index in range(self.n):
            form = forms[index] if index < len(forms) else rng.choices(forms, list(DATE_FORMS.values()))[0]
            text, first, quoted = format_date(rng, form)
            plans.append((first, form, text, quoted))
        plans.sort(key=lambda plan: plan[0])
        titles = []
        for first, *_ in plans:
            actors = self.pick(self.actors, self.actor_weights, rng.randint(2, 6))
            place = self.pick(self.places, self.place_weights, 1)[0]
            title = rng.choice(TITLE_PATTERNS).format(
                a=actors[0].name, b=actors[1].name, p=place.name, t=rng.choice(TOPICS),
                d=rng.choice(self.documents).name.lower(),
            )  # fmt: skip
            titles.append((self.unique("event", f"{title} {first.year}"), title, actors, place))
        recent_sources: list[dict[str, str]] = []
        written = []
        for index, (first, form, date_text, quoted) in enumerate(plans):
            self.form_counts[form] = self.form_counts.get(form, 0) + 1
            written.append((titles[index][0], self.event_text(index, titles, first, date_text, quoted, recent_sources)))
        return written

    def event_text(
        self, index: int, titles: list, first: dt.date, date_text: str, quoted: bool, recent_sources: list
    ) -> str:
        rng = self.rng
        slug, title, actors, place = titles[index]
        places = [place, *self.pick(self.places, self.place_weights, rng.choice((0, 0, 1)))]
        places = list({p.slug: p for p in places}.values())
        documents = self.pick(self.documents, None, rng.choice((0, 0, 0, 1, 1, 2)))
        threads = self.pick(self.threads, None, rng.choice((0, 1, 1, 1, 2)))
        tags = sorted(set(rng.sample(TAGS, rng.randint(1, 3))))
        topic = rng.choice(TOPICS)
        # sources: mostly new, sometimes one article cited by several events
        sources = []
        for number in range(rng.choice((1, 1, 2, 2, 2, 3, 4))):
            if recent_sources and rng.random() < 0.08:
                source = rng.choice(recent_sources)
            else:
                publisher = rng.choice(PUBLISHERS)
                day = first + dt.timedelta(days=rng.randint(0, 3))
                host = slugify(publisher).replace("-", "")
                source = {
                    "title": q(f"{rng.choice(('Report', 'Analysis', 'Statement', 'Interview'))}: {title}"),
                    "publisher": q(publisher),
                    "date": day.isoformat() if rng.random() < 0.5 else q(day.isoformat()),
                    "url": f"https://{host}.example.org/{day:%Y/%m/%d}/{slug}-{number}",
                }
                if rng.random() < 0.2:
                    source["archived"] = "https://archive.example.org/" + source["url"].removeprefix("https://")
                recent_sources.append(source)
                del recent_sources[:-50]
            if source["url"] not in (s["url"] for s in sources):
                sources.append(source)
        self.source_count += len(sources)
        # relations point at earlier events (never the event itself)
        related: dict[str, str] = {}
        for _ in range(rng.choice((0, 0, 1, 1, 1, 2, 3)) if index else 0):
            other = titles[rng.randint(max(0, index - 40), index - 1)][0]
            related.setdefault(other, rng.choice(RELATION_TYPES))
        self.relation_count += len(related)
        quotes = []
        for _ in range(rng.choice((0, 0, 0, 0, 1, 1, 1, 2, 2, 3))):
            quote = {"speaker": rng.choice(actors).slug,
                     "text": q(rng.choice(QUOTES).format(t=topic, p=place.name)),
                     "source": rng.choice(sources)["url"]}  # fmt: skip
            translated = rng.random()
            if translated < 0.7:
                quote["translated"] = "true" if translated < 0.5 else "false"
            quotes.append(quote)
        self.quote_count += len(quotes)
        lines = ["---", f"title: {q(title)}", f"date: {q(date_text) if quoted else date_text}"]
        if rng.random() < 0.05:
            lines.append(f"date_note: {q('Some reports give a different day.')}")
        lines += [
            f"summary: {q(f'{actors[0].name} and {actors[1].name} on {topic}, in {place.name}.')}",
            f"tags: {flow(tags)}",
            f"actors: {flow([a.slug for a in actors])}",
        ]
        for key, entities in (("places", places), ("documents", documents), ("threads", threads)):
            if entities or rng.random() < 0.3:
                lines.append(f"{key}: {flow([e.slug for e in entities])}")
        if related:
            lines.append("related:")
            for other, kind in related.items():
                lines += [f"  - event: {other}", f"    type: {kind}"]
        lines.append("sources:")
        for source in sources:
            lines.append(f"  - title: {source['title']}")
            lines += [f"    {key}: {value}" for key, value in source.items() if key != "title"]
        if quotes:
            lines.append("quotes:")
            for quote in quotes:
                lines.append(f"  - speaker: {quote['speaker']}")
                lines += [f"    {key}: {value}" for key, value in quote.items() if key != "speaker"]
        lines.append("---")
        return "\n".join(lines) + "\n" + self.body(index, titles, actors, places, documents, threads, topic, sources)

    def body(self, index: int, titles: list, actors: list, places: list, documents: list, threads: list,
             topic: str, sources: list) -> str:  # fmt: skip
        rng = self.rng
        other = titles[rng.randrange(len(titles))] if len(titles) > 1 else None
        if other is not None and other[0] == titles[index][0]:
            other = titles[index - 1] if index else titles[index + 1]
        values = {
            "A": f"[{actors[0].name}](actor:{actors[0].slug})",
            "B": f"[{actors[1].name}](actor:{actors[1].slug})" if rng.random() < 0.5 else actors[1].name,
            "P": f"[{places[0].name}](place:{places[0].slug})" if rng.random() < 0.5 else places[0].name,
            "D": f"[{documents[0].name.lower()}](document:{documents[0].slug})" if documents else "draft text",
            "T": f"[{threads[0].name.lower()}](thread:{threads[0].slug})" if threads else "process",
            "E": f"[the earlier meeting](event:{other[0]})" if other else "earlier meetings",
            "S": json.loads(sources[0]["publisher"]),
            "t": topic,
        }
        paragraphs = []
        for _ in range(rng.randint(2, 4)):
            sentences = [rng.choice(SENTENCES) for _ in range(rng.randint(2, 5))]
            paragraphs.append(" ".join(sentences).format(**values))
        if rng.random() < 0.15:
            paragraphs.append("\n".join(f"- {rng.choice(SENTENCES).format(**values)}" for _ in range(3)))
        return "\n" + "\n\n".join(paragraphs) + "\n"

    def write(self, root: Path) -> CorpusStats:
        root.mkdir(parents=True, exist_ok=True)
        total = 0
        events = self.events()
        folders = {"events": [(slug, text) for slug, text in events]}
        for folder, entities in (("actors", self.actors), ("places", self.places),
                                 ("documents", self.documents), ("threads", self.threads)):  # fmt: skip
            folders[folder] = [
                (e.slug, "---\n" + "".join(f"{k}: {v}\n" for k, v in e.front.items()) + "---\n" + e.body + "\n")
                for e in entities
            ]
        folders["pages"] = [("about", "---\ntitle: About\nsummary: A synthetic timeline.\n---\nGenerated.\n")]
        for folder, files in folders.items():
            (root / folder).mkdir(exist_ok=True)
            for slug, text in files:
                data = text.encode("utf-8")
                (root / folder / f"{slug}.md").write_bytes(data)
                total += len(data)
        entities = {"actors": self.actors, "places": self.places, "documents": self.documents, "threads": self.threads}
        return CorpusStats(
            events=len(events),
            entities={folder: len(items) for folder, items in entities.items()},
            date_forms=self.form_counts,
            relations=self.relation_count,
            quotes=self.quote_count,
            sources=self.source_count,
            bytes=total,
        )


def generate(n: int, root: Path, seed: int = SEED) -> CorpusStats:
    """Write a corpus of ``n`` events into ``root`` (deterministic for a given seed)."""
    return Generator(n, seed).write(Path(root))


# ---------------------------------------------------------------------------
# The same events for stock Pelican and for Hugo
# ---------------------------------------------------------------------------
PELICAN_SETTINGS = """\
# pelican-quickstart's defaults: default theme, no plugins, feeds off while developing.
AUTHOR = "Benchmark"
SITENAME = "Stock Pelican baseline"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
"""
HUGO_CONFIG = """\
baseURL = "/"
title = "Hugo baseline"
languageCode = "en"
paginate = 10
disableKinds = ["RSS", "sitemap"]  # the Pelican baseline writes no feeds or sitemap either
[taxonomies]
  tag = "tags"
  category = "categories"
  author = "authors"
"""
HUGO_HEAD = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }} — {{ .Site.Title }}</title></head><body>"""
HUGO_SINGLE = (
    HUGO_HEAD
    + """<nav><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></nav><article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<ul>{{ range .GetTerms "authors" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article></body></html>
"""
)
HUGO_LIST = (
    HUGO_HEAD
    + """<nav><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></nav><h1>{{ .Title }}</h1><ol>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ if not .Date.IsZero }}<time>{{ .Date.Format "2 January 2006" }}</time>{{ end }}<p>{{ .Summary }}</p></li>{{ end }}
</ol>{{ with .Paginator.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }}
{{ with .Paginator.Next }}<a href="{{ .URL }}">Older</a>{{ end }}
</body></html>
"""
)


@dataclass
class PlainEvent:
    slug: str
    title: str
    day: dt.date
    summary: str
    tags: list[str]
    actors: list[str]
    category: str
    body: str


def plain_events(content: Path) -> list[PlainEvent]:
    """The events of ``content`` reduced to what a blog engine understands."""
    from .dates import parse_date
    from .frontmatter import parse
    from .site import entry_files

    events = []
    for kind, path in entry_files(Path(content)):
        if kind != "event":
            continue
        raw = parse(path, path.read_bytes())
        meta = raw.meta
        threads = meta.get("threads") or []
        events.append(PlainEvent(
            slug=path.stem, title=str(meta["title"]), day=parse_date(meta["date"]).lower,
            summary=str(meta.get("summary") or ""), tags=[str(t) for t in meta.get("tags") or []],
            actors=[str(a) for a in meta.get("actors") or []], category=str(threads[0]) if threads else "general",
            body=BODY_LINK.sub(r"\1", raw.body),
        ))  # fmt: skip
    return events


def to_pelican(content: Path, site: Path) -> Path:
    """Write the events of ``content`` as stock Pelican articles under ``site``; returns the settings file."""
    articles = site / "content"
    articles.mkdir(parents=True, exist_ok=True)
    for event in plain_events(content):
        header = [f"Title: {event.title}", f"Date: {event.day.isoformat()}", f"Slug: {event.slug}",
                  f"Category: {event.category}", f"Tags: {', '.join(event.tags)}",
                  f"Authors: {', '.join(event.actors)}", f"Summary: {event.summary}"]  # fmt: skip
        (articles / f"{event.slug}.md").write_text("\n".join(header) + "\n\n" + event.body.strip() + "\n", "utf-8")
    settings = site / "pelicanconf.py"
    settings.write_text(PELICAN_SETTINGS, "utf-8")
    return settings


def to_hugo(content: Path, site: Path) -> Path:
    """Write the events of ``content`` as a Hugo site (minimal layouts) in ``site``."""
    posts = site / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    for event in plain_events(content):
        front = {"title": event.title, "date": event.day.isoformat(), "slug": event.slug, "summary": event.summary,
                 "tags": event.tags, "categories": [event.category], "authors": event.actors}  # fmt: skip
        text = "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items()) + "---\n"
        (posts / f"{event.slug}.md").write_text(text + event.body.strip() + "\n", "utf-8")
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "single.html").write_text(HUGO_SINGLE, "utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, "utf-8")
    (site / "layouts" / "index.html").write_text(HUGO_LIST, "utf-8")
    (site / "config.toml").write_text(HUGO_CONFIG, "utf-8")
    return site


# ---------------------------------------------------------------------------
# Measuring child processes and their output
# ---------------------------------------------------------------------------
@dataclass
class Sample:
    wall: float
    cpu: float
    maxrss_mb: float


def run_child(command: list[str], cwd: Path, log: Path) -> Sample:
    """Run ``command`` to completion; wall time, user+sys CPU and peak RSS of the child."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text("utf-8", "replace")[-3000:]
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{tail}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def output_stats(folder: Path) -> dict[str, Any]:
    pages, largest, largest_path, total = 0, 0, "", 0
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if path.suffix == ".html":
            pages += 1
            if size > largest:
                largest, largest_path = size, path.relative_to(folder).as_posix()
    return {"pages": pages, "largest_bytes": largest, "largest_path": largest_path, "output_bytes": total}


@dataclass
class Tool:
    """How to build one site: the command, its output folder and the file to edit."""

    name: str
    command: list[str]
    cwd: Path
    output: Path
    edit: Path  # the source file edited for the incremental build
    page: str  # its page, relative to the output
    clean: list[Path] = field(default_factory=list)  # cache folders, removed before a cold build


def calibrate() -> float:
    """Seconds of a fixed pure-Python workload: how fast this machine is right now (it drifts on shared VMs)."""
    start = time.process_time()
    total = 0
    for number in range(10_000_000):
        total += number % 7
    return round(time.process_time() - start, 4)


def caches_of(tool: Tool) -> list[Path]:
    return sorted(tool.output.parent.glob(f".{tool.output.name}.*"))


def repeat(tool: Tool, size: int, repetition: int, logs: Path) -> tuple[dict[str, Sample], dict[str, Any]]:
    """One cold, one warm and one one-event-edited build of ``tool``.

    Cold means no output and no cache: the output, the tool's own cache folders and any
    ``.<output name>.*`` folder beside the output (where the engine keeps its cache) are removed.
    """
    for path in [tool.output, *tool.clean, *caches_of(tool)]:
        if path.is_symlink():  # the engine's output is a link to one of its two folders
            path.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)
    log = logs / f"{tool.name}-{size}-{repetition}.log"
    samples = {"cold": run_child(tool.command, tool.cwd, log)}
    stats = output_stats(tool.output)
    kept = [path.name for path in [*tool.clean, *caches_of(tool)] if any(p.is_file() for p in path.rglob("*"))]
    stats["cache"] = ", ".join(kept) if kept else "none"
    samples["warm"] = run_child(tool.command, tool.cwd, log)
    original = tool.edit.read_bytes()
    marker = f"An edited paragraph ({size}, {repetition})."
    try:
        tool.edit.write_bytes(original + f"\n{marker}\n".encode())
        samples["incremental"] = run_child(tool.command, tool.cwd, log)
    finally:
        tool.edit.write_bytes(original)
    stats["edit_seen"] = marker in (tool.output / tool.page).read_text("utf-8")  # a sanity check of incremental builds
    return samples, stats


def bench_size(tools: list[Tool], size: int, runs: int, budget: float, logs: Path) -> tuple[list[dict], list[float]]:
    """Every tool once per repetition (interleaved, so a drifting machine hits all alike); medians per tool.

    Repetitions stop early once the next one would take the size past ``budget`` seconds per tool.
    """
    samples: dict[str, dict[str, list[Sample]]] = {t.name: {"cold": [], "warm": [], "incremental": []} for t in tools}
    stats: dict[str, dict[str, Any]] = {}
    speed = []
    started = time.perf_counter()
    for repetition in range(runs):
        begun = time.perf_counter()
        speed.append(calibrate())
        for tool in tools:
            taken, stats[tool.name] = repeat(tool, size, repetition, logs)
            for mode, sample in taken.items():
                samples[tool.name][mode].append(sample)
        took = time.perf_counter() - begun
        print(f"  {size} events: repetition {repetition + 1} of every tool took {took:.1f} s", flush=True)
        if time.perf_counter() - started + took > budget * len(tools):
            break
    load = os.getloadavg()[0]
    rows = []
    for tool in tools:
        for mode, taken in samples[tool.name].items():
            wall = statistics.median(s.wall for s in taken)
            rows.append({
                "size": size, "tool": tool.name, "mode": mode, "runs": len(taken),
                "wall_s": round(wall, 3), "wall_all_s": [round(s.wall, 3) for s in taken],
                "cpu_s": round(statistics.median(s.cpu for s in taken), 3),
                "peak_mb": round(max(s.maxrss_mb for s in taken), 1),
                "ms_per_event": round(wall * 1000 / size, 3), "load_after": round(load, 2), **stats[tool.name],
            })  # fmt: skip
    return rows, speed


def engine_tool(content: Path, work: Path) -> Tool:
    events = sorted((content / "events").rglob("*.md"))
    output = work / "engine-out"
    command = [sys.executable, "-m", "timeline", "build", "-s", str(SETTINGS), "-i", str(content),
               "-o", str(output), "--no-search"]  # fmt: skip
    edit = events[len(events) // 2]
    return Tool("engine", command, ROOT, output, edit, f"events/{edit.stem}/index.html")


def pelican_tool(content: Path, work: Path) -> Tool:
    site = work / "pelican"
    settings = to_pelican(content, site)
    articles = sorted((site / "content").glob("*.md"))
    command = [sys.executable, "-m", "pelican", str(site / "content"), "-s", str(settings), "-o",
               str(site / "output"), "--fatal", "errors"]  # fmt: skip
    edit = articles[len(articles) // 2]
    return Tool("stock-pelican", command, site, site / "output", edit, f"{edit.stem}.html", [site / "cache"])


def hugo_tool(content: Path, work: Path, hugo: str) -> Tool:
    site = to_hugo(content, work / "hugo")
    posts = sorted((site / "content" / "posts").glob("*.md"))
    command = [hugo, "--source", str(site), "--destination", str(site / "public"), "--quiet"]
    edit = posts[len(posts) // 2]
    return Tool("hugo", command, site, site / "public", edit, f"posts/{edit.stem}/index.html", [site / "resources"])


# ---------------------------------------------------------------------------
# In-process phases: how much of a build dates and references cost
# ---------------------------------------------------------------------------
def phases(content: Path) -> dict[str, float]:
    """Seconds spent in each part of a build of ``content``, measured in this process.

    The whole build (``build.build`` without search, imports already done) is the
    denominator. The parts repeat ``site.load_site``'s steps with a timer around
    each; date parsing is timed on its own over every date value of the content
    (event, source and document dates) with the parser's cache cleared, as in a
    fresh build; body-link lookups are timed inside the renderer's resolver.
    """
    from . import dates, model
    from . import site as site_module
    from .build import build
    from .diagnostics import Report
    from .markup import BodyRenderer
    from .references import Resolver, resolve

    content = Path(content)
    result: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="timeline-phases-") as folder:
        dates._parse_text.cache_clear()
        start = time.perf_counter()
        build(SETTINGS, content, Path(folder) / "out", search=False)
        result["build_s"] = time.perf_counter() - start

    dates._parse_text.cache_clear()
    start = time.perf_counter()
    site_module.load_site(content)
    result["load_site_s"] = time.perf_counter() - start

    report = Report()
    dates._parse_text.cache_clear()
    start = time.perf_counter()
    raws, entries, broken = site_module.read_entries(content, report)
    result["read_and_validate_s"] = time.perf_counter() - start

    values = []
    for raw in raws.values():
        values += [raw.meta.get("date")] + [s.get("date") for s in raw.meta.get("sources") or []]
    values = [value for value in values if value is not None]
    dates._parse_text.cache_clear()
    start = time.perf_counter()
    for value in values:
        dates.parse_date(value)
    result["parse_dates_s"] = time.perf_counter() - start
    result["date_values"] = len(values)

    start = time.perf_counter()
    site = model.Site()
    events = [entry for entry in entries if entry.kind == "event"]
    for entry in entries:
        if entry.kind != "event":
            site.entities(entry.kind)[entry.slug] = entry
    site.events = sorted(events, key=lambda event: event.sort_key)  # type: ignore[attr-defined]
    result["sort_s"] = time.perf_counter() - start

    start = time.perf_counter()
    resolver = Resolver(site, raws, report, broken)
    resolve(site, resolver)
    result["resolve_s"] = time.perf_counter() - start

    lookup = {"seconds": 0.0}

    def url_of(kind: str, slug: str) -> str | None:
        begun = time.perf_counter()
        path = resolver.url(kind, slug)
        lookup["seconds"] += time.perf_counter() - begun
        return None if path is None else "/" + path

    renderer = BodyRenderer(url_of)
    start = time.perf_counter()
    for entry in entries:
        renderer.render(entry.body_markdown)
    result["render_bodies_s"] = time.perf_counter() - start
    result["body_link_lookups_s"] = lookup["seconds"]
    part = result["parse_dates_s"] + result["resolve_s"] + result["body_link_lookups_s"]
    result["dates_and_references_share"] = part / result["build_s"]
    return result


def profile(content: Path, top: int = 25) -> str:
    """cProfile's top functions (by own time and by cumulative time) of one build."""
    from .build import build

    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory(prefix="timeline-profile-") as folder:
        profiler.enable()
        build(SETTINGS, Path(content), Path(folder) / "out", search=False)
        profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return text.getvalue()


# ---------------------------------------------------------------------------
# The whole benchmark and its report
# ---------------------------------------------------------------------------
def engine_fingerprint() -> str:
    """A hash of the engine's code and templates, to tell which state of the engine a result measured."""
    digest = hashlib.sha1()
    files = sorted((ROOT / "timeline").glob("*.py")) + sorted((ROOT / "themes").rglob("*.html")) + [SETTINGS]
    for path in files:
        if path.name != "bench.py":
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def tool_version(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return ""


def run(sizes: list[int], out: Path, runs: int, budget: float, hugo: bool = True, pagefind: bool = True) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    hugo_path = shutil.which("hugo") if hugo else None
    results: dict[str, Any] = {
        "meta": {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
            "pelican": "Pelican " + tool_version([sys.executable, "-m", "pelican", "--version"]),
            "hugo": " ".join(tool_version([hugo_path, "version"]).split()[:2]) if hugo_path else "not installed",
            "runs_requested": runs, "budget_s": budget, "seed": SEED, "load_before": os.getloadavg()[0],
            "engine_fingerprint": engine_fingerprint(),
        },
        "corpus": {}, "rows": [], "phases": {}, "pagefind": {}, "calibration_s": {},
    }  # fmt: skip
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"timeline-bench-{size}-") as folder:
            work = Path(folder)
            content = work / "content"
            print(f"== {size} events: generating", flush=True)
            results["corpus"][size] = asdict(generate(size, content))
            tools = [engine_tool(content, work), pelican_tool(content, work)]
            if hugo_path:
                tools.append(hugo_tool(content, work, hugo_path))
            rows, results["calibration_s"][size] = bench_size(tools, size, runs, budget, out)
            results["rows"] += rows
            if pagefind:
                engine = tools[0]
                command = [sys.executable, "-m", "pagefind", "--site", str(engine.output), "--silent"]
                try:
                    sample = run_child(command, ROOT, out / f"pagefind-{size}.log")
                    results["pagefind"][size] = asdict(sample)
                except (RuntimeError, OSError) as error:
                    results["pagefind"][size] = {"error": str(error)[:300]}
            print(f"  phases {size}", flush=True)
            phase_file = work / "phases.json"
            command = [sys.executable, "-m", "timeline.bench", "phases", str(content), "--json", str(phase_file)]
            try:
                run_child(command, ROOT, out / f"phases-{size}.log")
                results["phases"][size] = json.loads(phase_file.read_text())
            except RuntimeError as error:  # the engine's internals moved: report it, keep the timings
                results["phases"][size] = {"error": str(error)[-500:]}
    results["ratios"], results["goals"] = evaluate(results)
    (out / "bench.json").write_text(json.dumps(results, indent=2, default=str) + "\n", "utf-8")
    markdown = report(results)
    (out / "bench.md").write_text(markdown, "utf-8")
    print(markdown)
    return results


def _row(results: dict, size: int, tool: str, mode: str = "cold") -> dict | None:
    for row in results["rows"]:
        if row["size"] == size and row["tool"] == tool and row["mode"] == mode:
            return row
    return None


def evaluate(results: dict) -> tuple[dict[str, float], list[dict[str, Any]]]:
    sizes = sorted({row["size"] for row in results["rows"]})
    small, large = sizes[0], sizes[-1]
    ratios: dict[str, float] = {}
    wall = {(r["size"], r["tool"], r["mode"]): r["wall_s"] for r in results["rows"]}
    cpu = {(r["size"], r["tool"], r["mode"]): r["cpu_s"] for r in results["rows"]}
    for size in sizes:
        for other in ("stock-pelican", "hugo"):
            if (size, other, "cold") in wall:
                ratios[f"engine/{other} cold @{size}"] = wall[(size, "engine", "cold")] / wall[(size, other, "cold")]
                ratios[f"engine/{other} cold CPU @{size}"] = cpu[(size, "engine", "cold")] / cpu[(size, other, "cold")]
        ratios[f"engine incremental/cold @{size}"] = (
            wall[(size, "engine", "incremental")] / wall[(size, "engine", "cold")]
        )
    if large != small:
        for tool in ("engine", "stock-pelican", "hugo"):
            if (large, tool, "cold") in wall:
                ratios[f"{tool} {large}/{small} cold"] = wall[(large, tool, "cold")] / wall[(small, tool, "cold")]
    ratios = {key: round(value, 3) for key, value in ratios.items()}
    engine_large = _row(results, large, "engine")
    share = results["phases"].get(large, {}).get("dates_and_references_share")
    goals = [
        {"goal": f"engine {large}/{small} cold ≤ 10.5", "value": ratios.get(f"engine {large}/{small} cold"),
         "limit": 10.5},
        {"goal": f"engine no slower than stock Pelican @{large}",
         "value": ratios.get(f"engine/stock-pelican cold @{large}"), "limit": 1.0},
        {"goal": f"incremental ≤ 1/4 of cold @{large}", "value": ratios.get(f"engine incremental/cold @{large}"),
         "limit": 0.25},
        {"goal": f"no page over 250 KB @{large}", "value": engine_large["largest_bytes"] if engine_large else None,
         "limit": PAGE_LIMIT, "detail": engine_large["largest_path"] if engine_large else ""},
        {"goal": f"dates + references < 5% of the build @{large}", "value": share, "limit": 0.05},
    ]  # fmt: skip
    for goal in goals:
        value, limit = goal["value"], goal["limit"]
        goal["met"] = None if value is None else value < limit if "<" in goal["goal"] else value <= limit
    return ratios, goals


def _size(count: float) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.0f} KB"


def _warnings(results: dict) -> list[str]:
    """Stale incremental output; other processes competing for the CPUs (wall times inflated, CPU times less)."""
    cpus = results["meta"]["cpus"] or 1
    busy = sorted({f"{r['tool']} @{r['size']}" for r in results["rows"] if r.get("load_after", 0) > cpus})
    stale = sorted({f"{r['tool']} @{r['size']}" for r in results["rows"] if r.get("edit_seen") is False})
    lines = [f"**The incremental build did not show the edit** for: {', '.join(stale)}."] if stale else []
    if not busy:
        return lines
    return [*lines, f"**The machine was busy** (1-minute load average above {cpus}) after: {', '.join(busy)}; "
            "compare CPU times there, not wall times."]  # fmt: skip


def report(results: dict) -> str:
    meta = results["meta"]
    lines = [
        "# Benchmark results",
        "",
        f"{meta['date']}; Python {meta['python']}, {meta['cpus']} CPUs; {meta['pelican']}; Hugo: {meta['hugo']}; "
        f"engine code {meta.get('engine_fingerprint', '?')} (hash of timeline/*.py, templates, pelicanconf.py).",
        "Times are medians over the runs shown; CPU is user+sys of the child; peak is the child's max RSS.",
        "Tools run interleaved (engine, Pelican, Hugo, then again). Machine speed, as seconds of a fixed loop "
        "before each repetition (lower is faster): "
        + "; ".join(f"{size}: {', '.join(map(str, times))}" for size, times in results["calibration_s"].items())
        + ".",
        *_warnings(results),
        "",
        "| events | tool | build | runs | wall s | CPU s | peak MB | ms/event | pages | largest page | output |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for r in results["rows"]:
        mode = r["mode"]
        if mode != "cold":
            mode += " (no cache)" if r["cache"] == "none" else f" (cache: `{r['cache']}`)"
        lines.append(
            f"| {r['size']:,} | {r['tool']} | {mode} | {r['runs']} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | "
            f"{r['peak_mb']:.0f} | {r['ms_per_event']:.2f} | {r['pages']:,} | "
            f"{_size(r['largest_bytes'])} `{r['largest_path']}` | {_size(r['output_bytes'])} |"
        )
    if results["pagefind"]:
        lines += ["", "Pagefind on the engine's output (not in the engine figures above):", ""]
        for size, sample in results["pagefind"].items():
            text = f"{sample['wall']:.2f} s wall, {sample['cpu']:.2f} s CPU" if "wall" in sample else sample["error"]
            lines.append(f"- {size} events: {text}")
    lines += ["", "## Ratios (wall time unless marked CPU)", "", "| ratio | value |", "| --- | ---: |"]
    lines += [f"| {key} | {value:.2f} |" for key, value in results["ratios"].items()]
    lines += ["", "## Goals", "", "| goal | value | limit | met |", "| --- | ---: | ---: | --- |"]
    for goal in results["goals"]:
        value, limit = goal["value"], goal["limit"]
        if "page" in goal["goal"]:
            shown = f"{_size(value)} (`{goal['detail']}`)" if value is not None else "–"
            limit_text = _size(limit)
        elif "%" in goal["goal"]:
            shown, limit_text = (f"{value:.1%}" if value is not None else "–"), f"{limit:.0%}"
        else:
            shown, limit_text = (f"{value:.2f}" if value is not None else "–"), f"{limit}"
        met = "–" if goal["met"] is None else "yes" if goal["met"] else "**no**"
        lines.append(f"| {goal['goal']} | {shown} | {limit_text} | {met} |")
    lines += ["", "## In-process phases of the engine build (seconds)", ""]
    keys = ["build_s", "load_site_s", "read_and_validate_s", "parse_dates_s", "sort_s", "resolve_s",
            "render_bodies_s", "body_link_lookups_s", "dates_and_references_share"]  # fmt: skip
    lines += ["| phase | " + " | ".join(f"{size:,}" for size in results["phases"]) + " |",
              "| --- |" + " ---: |" * len(results["phases"])]  # fmt: skip
    for key in keys:
        cells = [results["phases"][size].get(key, float("nan")) for size in results["phases"]]
        shown = [f"{cell:.1%}" if key.endswith("share") else f"{cell:.3f}" for cell in cells]
        lines.append(f"| {key} | " + " | ".join(shown) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m timeline.bench", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write a synthetic corpus of N events into DIR")
    gen.add_argument("n", type=int)
    gen.add_argument("dir", type=Path)
    gen.add_argument("--seed", type=int, default=SEED)
    bench = commands.add_parser("run", help="benchmark the engine against stock Pelican (and Hugo)")
    bench.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    bench.add_argument("--out", type=Path, default=Path("bench-results"))
    bench.add_argument("--runs", type=int, default=3, help="repetitions per tool and size (median reported)")
    bench.add_argument("--budget", type=float, default=200, help="seconds per tool and size before repeating stops")
    bench.add_argument("--quick", action="store_true", help="200 events, one run: a smoke test")
    bench.add_argument("--no-hugo", action="store_true")
    bench.add_argument("--no-pagefind", action="store_true")
    phase = commands.add_parser("phases", help="time the parts of one in-process build of DIR")
    phase.add_argument("dir", type=Path)
    phase.add_argument("--json", type=Path)
    prof = commands.add_parser("profile", help="cProfile one in-process build of DIR")
    prof.add_argument("dir", type=Path)
    prof.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)

    if args.command == "generate":
        stats = generate(args.n, args.dir, args.seed)
        print(json.dumps(asdict(stats), indent=2))
    elif args.command == "run":
        sizes, runs = ([200], 1) if args.quick else (args.sizes, args.runs)
        run(sizes, args.out, runs, args.budget, hugo=not args.no_hugo, pagefind=not args.no_pagefind)
    elif args.command == "phases":
        result = phases(args.dir)
        text = json.dumps(result, indent=2)
        if args.json:
            args.json.write_text(text, "utf-8")
        print(text)
    else:
        print(profile(args.dir, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
