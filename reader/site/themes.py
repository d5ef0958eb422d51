"""What a blog pastes to show the player: `reader embed SLUG` prints the snippet for one
article; `reader embed --theme hugo|jekyll|eleventy|wordpress` gives a theme what it needs to
do it for every article.

The slug rule (the theme snippets rely on it): an article's slug is its front matter `slug`,
else its file name without the extension and a leading `YYYY-MM-DD-` date (a page bundle's
`index.md`: its folder's name), lowercased with anything but letters and digits turned into
hyphens. That is the slug Hugo (`.Slug`, else the file's base name), Jekyll (`page.slug`) and
Eleventy (`page.fileSlug`) give the page; WordPress's post name is the slug of an imported post.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..layout import EMBED_ASSET
from ..load.meta import SLUG_RE


def checked_slug(slug: str) -> str:
    if not SLUG_RE.match(slug):
        raise UserError(f"{slug!r} is not a slug (lowercase letters, digits and hyphens, as "
                        "`reader build` names the article's folder in the site)")
    return slug


def snippet(
    base_url: str, slug: str, *, article: str | None = None, lang: str | None = None
) -> str:
    """The HTML to paste where the player goes on the article's page; its link (what shows
    without JavaScript) in the podcast's language `lang`."""
    # Imported here: the command line names the themes at every start, without Babel.
    from ..locale import messages

    checked_slug(slug)
    chosen = f' data-article="{html.escape(article)}"' if article else ""
    link = html.escape(messages(lang).gettext("Listen to this article"))
    return (
        f'<div class="read-or-listen" data-read-or-listen="{slug}"{chosen}>'
        f'<a href="{html.escape(base_url)}{slug}/">{link}</a></div>\n'
        f'<script src="{html.escape(base_url)}{EMBED_ASSET}" defer></script>\n'
    )


THEME_TEMPLATES = Path(__file__).parent / "templates" / "embed"


def _in_php_string(text: str) -> str:
    """Text for a single-quoted PHP string (the template escapes it as HTML)."""
    return text.replace("\\", "\\\\").replace("'", "\\'")


def _in_js_template(text: str) -> str:
    """HTML text inside a JavaScript template literal."""
    return html.escape(text).replace("`", "&#96;").replace("${", "&#36;{")


@dataclass(frozen=True)
class Theme:
    name: str
    template: str  # in THEME_TEMPLATES; {base}: the listening site's base_url, {listen}: the
    # link's words (what shows without JavaScript), in the podcast's language
    file: str  # where it goes in the blog's source
    how: str  # what to do with it, one sentence or two
    quote: Callable[[str], str] = html.escape  # the words as the template's language needs

    def render(self, base_url: str, lang: str | None = None) -> str:
        from ..locale import messages

        text = (THEME_TEMPLATES / self.template).read_text(encoding="utf-8")
        listen = self.quote(messages(lang).gettext("Listen to this article"))
        return text.replace("{base}", base_url).replace("{listen}", listen)


THEMES: dict[str, Theme] = {
    theme.name: theme
    for theme in (
        Theme("hugo", "hugo.html", "layouts/partials/read-or-listen.html",
              "Add {{ partial \"read-or-listen.html\" . }} to layouts/_default/single.html "
              "where the player goes."),
        Theme("jekyll", "jekyll.html", "_includes/read-or-listen.html",
              "Add {% include read-or-listen.html %} to _layouts/post.html where the player "
              "goes."),
        Theme("eleventy", "eleventy.js", "eleventy.config.js (a shortcode to add)",
              "Add the shortcode to the config, then {% readOrListen slug %} to the post "
              "layout.", _in_js_template),
        Theme("wordpress", "wordpress.php",
              "wp-content/plugins/read-or-listen.php (or functions.php)",
              "Activate it as a plugin, or add it to the theme's functions.php.",
              _in_php_string),
    )
}


def theme_names() -> tuple[str, ...]:
    return tuple(THEMES)


def theme_for(name: str) -> Theme:
    try:
        return THEMES[name]
    except KeyError:
        raise UserError(f"--theme {name!r} is not one of {', '.join(THEMES)}") from None


def embed_text(
    config_path: Path, slug: str | None, *, theme: str | None = None, article: str | None = None
) -> tuple[str, str]:
    """(what to print, a note on where it goes) for `reader embed`."""
    from ..config import load_config

    podcast = load_config(config_path).podcast
    if podcast is None:
        raise UserError("has no [podcast] section with base_url; run `reader init`",
                        path=config_path)
    if (slug is None) == (theme is None):
        raise UserError("give an article's SLUG, or --theme with one of "
                        f"{', '.join(THEMES)} (not both)")
    if theme is not None:
        chosen = theme_for(theme)
        return (chosen.render(podcast.base_url, podcast.language),
                f"Save it as {chosen.file}. {chosen.how}")
    assert slug is not None
    return (snippet(podcast.base_url, slug, article=article, lang=podcast.language),
            "Paste it where the player goes on the article's page (docs/embed.md).")
