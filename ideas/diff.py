"""What an edit changed, shown as readers see the text: rendered Markdown with
removed words struck through (``<del>``) and added ones marked (``<ins>``).

Both versions are sanitised HTML from ``render_markdown``. They are split into
tags and words and compared word by word. The result keeps every tag of the
new version and none of the old (so its structure is the new text's), wraps
added words in ``<ins>`` and puts removed words, in ``<del>``, where they
were. It is sanitised once more, which also mends any nesting the removed
words leave odd (a ``<del>`` between two list items)."""

import re
from difflib import SequenceMatcher

import nh3
from django.utils.html import escape

from ideas.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES

TOKENS = re.compile(r"<[^>]*>\s*|[^<\s]+\s*|\s+")


def _tokens(html: str) -> list[str]:
    return TOKENS.findall(html)


def _is_tag(token: str) -> bool:
    return token.startswith("<")


def _marked(tokens: list[str], mark: str, *, keep_tags: bool) -> str:
    """Words in runs inside ``<mark>``; tags kept as they are (a run ends at
    each), or dropped (the words around them make one run)."""
    out: list[str] = []
    run: list[str] = []

    def close() -> None:
        words = "".join(run)
        out.append(f"<{mark}>{words}</{mark}>" if words.strip() else words)
        run.clear()

    for token in tokens:
        if not _is_tag(token):
            run.append(token)
        elif keep_tags:
            close()
            out.append(token)
    close()
    return "".join(out)


Opcode = tuple[str, int, int, int, int]


def _changes(old: list[str], new: list[str]) -> list[Opcode]:
    """The matcher's steps, with changes that only a space keeps apart made
    one ("i hemtjänsten" → "för alla", not word against word)."""
    steps = SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    merged: list[Opcode] = []
    for n, (op, i1, i2, j1, j2) in enumerate(steps):
        between_changes = 0 < n < len(steps) - 1
        if op == "equal" and between_changes and not "".join(new[j1:j2]).strip():
            op = "replace"
        if op != "equal" and merged and merged[-1][0] != "equal":
            _op, a1, _a2, b1, _b2 = merged[-1]
            merged[-1] = ("replace", a1, i2, b1, j2)
        else:
            merged.append((op, i1, i2, j1, j2))
    return merged


def html_diff(old_html: str, new_html: str) -> str:
    old, new = _tokens(old_html), _tokens(new_html)
    out: list[str] = []
    for op, i1, i2, j1, j2 in _changes(old, new):
        if op == "equal":
            out.extend(new[j1:j2])
            continue
        out.append(_marked(old[i1:i2], "del", keep_tags=False))
        out.append(_marked(new[j1:j2], "ins", keep_tags=True))
    return nh3.clean(
        "".join(out),
        tags=ALLOWED_TAGS | {"ins", "del"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc",
    )


def text_diff(old: str, new: str) -> str:
    """The same for plain text (a title, a summary)."""
    return html_diff(escape(old), escape(new))


def changed(diff: str) -> bool:
    return "<ins>" in diff or "<del>" in diff
