"""Settings for the published site (``make publish``): local settings plus the real URL."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

# The address the site is served from: SITEURL=https://… in the environment (make publish).
# No default: publishing without the real address refuses to run rather than publish feeds,
# sitemap and canonical links pointing at a placeholder.
SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = False
