"""Markdown for ideas and posts, rendered to HTML that is safe to show: no
scripts, styles, event handlers or unknown schemes, and every link marked
``rel="nofollow ugc"`` (nh3, the Rust ammonia sanitiser)."""

import re
from html import unescape

import markdown as markdown_lib
import nh3
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    # Raw HTML in the source is escaped by Markdown's own rules first, then the
    # sanitiser removes anything that is still not on the list.
    html = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc",
    )


BLOCK_END = re.compile(r"</(p|li|h3|h4|blockquote|pre)>|<br\s*/?>|<hr\s*/?>", re.I)
SPACES = re.compile(r"[ \t\r\f\v]+")


def plain_text(html: str) -> str:
    """Rendered Markdown as the words a reader sees, for search and excerpts:
    no markup characters (``**``, list dashes), one line per paragraph or
    list item."""
    text = unescape(strip_tags(BLOCK_END.sub("\n", html)))
    lines = (SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
