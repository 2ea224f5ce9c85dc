"""The engine's settings: defaults under a site's values, unknown names reported, every one documented."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from timeline.devserver import theme_folder
from timeline.settings import DEFAULT_THEME, TIMELINE, defaults, read_settings, unknown_settings

REPO = Path(__file__).resolve().parents[1]
MINIMAL = 'SITENAME = "A timeline"\nPLUGINS = ["timeline"]\nPLUGIN_PATHS = [{repo!r}]\n'


def settings_file(tmp_path: Path, extra: str = "") -> Path:
    (tmp_path / "content").mkdir(exist_ok=True)
    path = tmp_path / "pelicanconf.py"
    path.write_text(MINIMAL.format(repo=str(REPO)) + extra)
    return path


def read(tmp_path: Path, extra: str = "") -> dict:
    return read_settings(settings_file(tmp_path, extra), {"PATH": str(tmp_path / "content")})


@pytest.mark.parametrize(("name", "value"), sorted(defaults().items()))
def test_a_minimal_settings_file_gets_every_default(tmp_path: Path, name: str, value: object) -> None:
    settings = read(tmp_path)
    if name == "JINJA_ENVIRONMENT":  # Pelican adds its own keys beside the engine's
        assert settings[name].items() >= value.items()  # type: ignore[union-attr]
    else:
        assert settings[name] == value


def test_the_default_theme_is_the_one_the_engine_carries() -> None:
    assert (DEFAULT_THEME / "templates" / "base.html").is_file()


def test_a_value_in_the_settings_file_wins_over_the_default(tmp_path: Path) -> None:
    assert read(tmp_path, "TIMELINE_PAGE_SIZE = 10\n")["TIMELINE_PAGE_SIZE"] == 10


def test_a_value_equal_to_pelicans_own_default_is_kept_when_the_file_gives_it(tmp_path: Path) -> None:
    assert read(tmp_path, 'STATIC_PATHS = ["images"]\n')["STATIC_PATHS"] == ["images"]


def test_pelican_run_directly_gets_the_defaults_when_it_initialises(tmp_path: Path) -> None:
    """``pelican -s pelicanconf.py``: no engine command read the settings, the plugin applies them."""
    from pelican import Pelican
    from pelican.settings import read_settings as pelicans_own

    path = settings_file(tmp_path)
    pelican = Pelican(pelicans_own(str(path), {"PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "o")}))
    assert (pelican.theme, pelican.settings["ARTICLE_PATHS"]) == (str(DEFAULT_THEME), [])


def test_an_unknown_timeline_setting_is_reported_with_the_closest_name() -> None:
    assert unknown_settings({"TIMELINE_PAGESIZE": 100, "TIMELINE_PAGE_SIZE": 250}) == [
        "unknown setting TIMELINE_PAGESIZE: the timeline engine reads no such setting"
        " — did you mean 'TIMELINE_PAGE_SIZE'?"
    ]


def test_pelican_warns_about_an_unknown_timeline_setting(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from pelican import Pelican

    settings = read(tmp_path, "TIMELINE_INDEXLIMIT = 3\n")
    with caplog.at_level(logging.WARNING, logger="timeline.settings"):
        Pelican({**settings, "OUTPUT_PATH": str(tmp_path / "o")})
    assert [r.getMessage() for r in caplog.records if r.name == "timeline.settings"] == [
        "unknown setting TIMELINE_INDEXLIMIT: the timeline engine reads no such setting"
        " — did you mean 'TIMELINE_INDEX_LIMIT'?"
    ]


@pytest.mark.parametrize("name", [name for name, setting in TIMELINE.items() if not setting.internal])
def test_every_setting_is_in_the_readme_table(name: str) -> None:
    assert f"| `{name}` |" in (REPO / "README.md").read_text()


def test_the_devserver_watches_the_theme_the_settings_choose(tmp_path: Path) -> None:
    theme = tmp_path / "my-theme"
    shutil.copytree(DEFAULT_THEME, theme)
    path = settings_file(tmp_path, f"THEME = {str(theme)!r}\n")
    assert theme_folder(path, tmp_path / "content") == theme


def test_the_devserver_watches_the_engines_theme_by_default(tmp_path: Path) -> None:
    assert theme_folder(settings_file(tmp_path), tmp_path / "content") == DEFAULT_THEME
