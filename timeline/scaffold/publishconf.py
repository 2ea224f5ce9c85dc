"""Settings for the published site (``make publish``): the local settings plus the site's address."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

# The address the site is served from, e.g. https://timeline.example.org: write it here
# or give it as SITEURL=… in the environment. Publishing refuses to run without one.
SITEURL = os.environ.get("SITEURL", "")
