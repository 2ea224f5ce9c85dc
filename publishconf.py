"""Settings for the published site (``make publish``): local settings plus the real URL."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

# The address the site is served from; override with SITEURL=... in the environment.
SITEURL = os.environ.get("SITEURL", "https://nk-timeline.example.org")
RELATIVE_URLS = False
