"""Settings for building this site (``make html``, ``make devserver``).

Every other setting has the timeline engine's default (its README lists them all):
the engine's own theme, and none of Pelican's article, tag or feed pages.
"""

SITENAME = "Millbrook: how a town replaced its bridge"
SITE_DESCRIPTION = "An example timeline: every event, person and document in it is invented."
PLUGINS = ["timeline"]

# "Edit this page" links: the web address of content/ in your repository's editor,
# e.g. "https://github.com/ORG/REPO/edit/main/content". Empty: no links.
TIMELINE_EDIT_URL = ""
