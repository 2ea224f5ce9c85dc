"""The synthetic corpus of the benchmark: word pools and a seeded generator.

``generate(n, folder)`` writes N events and the actors, documents, places and
threads they name, following the content contract and using every accepted
date form; the same seed gives the same bytes every time. The tests use it too
(large sites for the incremental and build-environment tests).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SEED = 8

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
DAY_FORMS = ("day", "day-month-name")  # the forms of one day (not intervals)
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
        # events of one day say which came first (``order:``), as the contract asks
        days: dict[dt.date, int] = {}
        for first, form, *_ in plans:
            if form in DAY_FORMS:
                days[first] = days.get(first, 0) + 1
        seen: dict[dt.date, int] = {}
        recent_sources: list[dict[str, str]] = []
        written = []
        for index, (first, form, date_text, quoted) in enumerate(plans):
            self.form_counts[form] = self.form_counts.get(form, 0) + 1
            order = 0
            if form in DAY_FORMS and days[first] > 1:
                order = seen[first] = seen.get(first, 0) + 1
            text = self.event_text(index, titles, first, date_text, quoted, recent_sources, order)
            written.append((titles[index][0], text))
        return written

    def event_text(
        self,
        index: int,
        titles: list,
        first: dt.date,
        date_text: str,
        quoted: bool,
        recent_sources: list,
        order: int = 0,
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
        if order:
            lines.append(f"order: {order}")
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
