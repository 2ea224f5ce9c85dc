"""Settings for building the site locally (``make html``, ``make devserver``).

Paths are built from this file's folder so the build works from any directory.
The timeline plugin reads ``content/`` itself; Pelican's own article, page,
author, category, tag and archive pages are switched off.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent

SITENAME = "Nagorno-Karabakh: a diplomatic timeline"
SITE_DESCRIPTION = (
    "The diplomacy of the Nagorno-Karabakh conflict from 1992 to April 2020: "
    "events, documents, people and storylines, each with its sources."
)
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

PLUGIN_PATHS = [str(HERE)]
PLUGINS = ["timeline"]
THEME = str(HERE / "themes" / "ledger")
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# "Edit this page" links on event and entity pages: the web address of the content/
# folder in the repository's editor, e.g. "https://github.com/ORG/REPO/edit/main/content".
# The entry's path inside content/ is appended. Leave empty to hide the links.
TIMELINE_EDIT_URL = ""
# Lists longer than this are split into pages; an index with more events than
# TIMELINE_INDEX_LIMIT shows counts per year instead of every event.
TIMELINE_PAGE_SIZE = 250
TIMELINE_INDEX_LIMIT = 500

# Pelican's own pages: none. The timeline plugin writes every page.
ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
DIRECT_TEMPLATES: list[str] = []
PAGINATED_TEMPLATES: dict = {}
AUTHOR_SAVE_AS = CATEGORY_SAVE_AS = TAG_SAVE_AS = ""
AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]

RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False  # the build swaps in a complete new folder instead
CACHE_CONTENT = False
