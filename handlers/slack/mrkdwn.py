"""Slack's markup ↔ neutral text, both directions in one place.

Incoming (`to_neutral`): `<@U1|x>` → a person reference, `<#C1|name>` → a room reference, `<url|label>` → a link,
`<!here>`/`<!channel>`/`<!everyone>`/`<!subteam^…|@team>` → plain words that notify nobody, and Slack's escapes
(`&lt; &gt; &amp;`) undone. Skills only ever see the result.

Outgoing (`to_mrkdwn`): every `&`, `<` and `>` is escaped, so text that came from a person or a language model
cannot mention a channel or a group; only neutral references become Slack mentions and links again.
"""

from __future__ import annotations

import re

from genai_bot import refs

__all__ = ["escape", "to_markdown", "to_mrkdwn", "to_neutral", "to_plain"]

_MARKUP = re.compile(r"<([^<>\n]+)>")
_BROADCASTS = {"here", "channel", "everyone"}


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _neutral(match: re.Match[str]) -> str:
    target, _, label = match.group(1).partition("|")
    label = _unescape(label)
    if target.startswith("@"):
        return refs.mention(target[1:], label or None)
    if target.startswith("#"):
        return refs.room_link(target[1:], label or None)
    if target.startswith("!"):
        word = target[1:].split("^")[0]
        if word in _BROADCASTS:
            return "@" + word
        return label or "@" + word  # a user group (`@soumu`), a date's fallback text, …
    url = _unescape(target)
    if url.startswith("mailto:") and (not label or label == url.removeprefix("mailto:")):
        return url.removeprefix("mailto:")
    if re.match(r"^(?:https?|mailto|tel|ftp):", url) is None:
        return label or url
    return refs.link(url, label) if label and label != url else url


def to_neutral(text: str) -> str:
    """Slack message text → neutral text (references, plain words, no escapes)."""
    out: list[str] = []
    last = 0
    for match in _MARKUP.finditer(text or ""):
        out.extend((_unescape(text[last : match.start()]), _neutral(match)))
        last = match.end()
    out.append(_unescape((text or "")[last:]))
    return "".join(out)


_SLACK_ID = re.compile(r"^[A-Z0-9]+$")


def _slack_ref(ref: refs.Ref) -> str:
    if ref.kind in ("person", "room") and _SLACK_ID.match(ref.target) is None:
        return escape(ref.readable)  # not a Slack id: words, never markup
    if ref.kind == "person":
        return f"<@{ref.target}>"
    if ref.kind == "room":
        return f"<#{ref.target}|{escape(ref.name)}>" if ref.name else f"<#{ref.target}>"
    url = escape(ref.target)
    return f"<{url}|{escape(ref.name)}>" if ref.name else f"<{url}>"


def to_mrkdwn(text: str) -> str:
    """Neutral text → Slack mrkdwn: everything escaped, references rendered as Slack mentions and links."""
    return refs.replace_refs(text, _slack_ref, escape)


def _markdown_ref(ref: refs.Ref) -> str:
    if ref.kind != "link":
        return _slack_ref(ref)
    label = escape(ref.name or ref.target).replace("[", "\\[").replace("]", "\\]")
    return f"[{label}]({ref.target})"


def to_markdown(text: str) -> str:
    """Neutral text → the standard Markdown of Slack's streaming methods (`markdown_text`): escaped, mentions
    as Slack mentions, links as Markdown links."""
    return refs.replace_refs(text, _markdown_ref, escape)


_MARKUP_START = re.compile(r"<(?=[@#!])")


def to_plain(text: str) -> str:
    """Neutral text → words for Slack's plain_text fields (buttons, headers). Slack does not parse mentions
    there; an invisible word joiner after `<` keeps even a copied `<!channel>` from ever reading as one."""
    return _MARKUP_START.sub("<\u2060", refs.readable(text))
