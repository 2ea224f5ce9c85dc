"""Settings for building the site locally (``make html``, ``make devserver``).

Everything else has the timeline engine's defaults (``timeline/settings.py``, the
table in README.md): its ledger theme, and none of Pelican's own pages or feeds.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent

SITENAME = "Nagorno-Karabakh: a diplomatic timeline"
SITE_DESCRIPTION = (
    "The diplomacy of the Nagorno-Karabakh conflict from 1992 to April 2020: "
    "events, documents, people and storylines, each with its sources."
)
# Ends page titles that would be longer than 70 characters with the full name.
TIMELINE_SHORT_NAME = "Karabakh timeline"
PATH = "content"

# The entries' licence (content/LICENSE), stated by the open data (datapackage.json, data/timeline.json).
TIMELINE_DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}

# The engine is this repository's timeline/ folder, not an installed package.
PLUGIN_PATHS = [str(HERE)]
PLUGINS = ["timeline"]

# "Edit this page" links on event and entity pages: the web address of the content/
# folder in the repository's editor, e.g. "https://github.com/ORG/REPO/edit/main/content".
# The entry's path inside content/ is appended. Leave empty to hide the links.
TIMELINE_EDIT_URL = ""
