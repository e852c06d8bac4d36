"""The frame of the dashboard's pages (audit log, channels, budgets): header with the dashboard's navigation, who
is signed in, the language switch and sign-out; the dashboard's stylesheet. Every value is escaped."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from urllib.parse import urlencode

import genai_bot.web.messages_budgets
import genai_bot.web.messages_controls
import genai_bot.web.messages_feedback  # noqa: F401
from genai_bot.i18n import Lang, t
from genai_bot.web.style import CSS

__all__ = ["NAV", "shell"]

NAV: tuple[tuple[str, str], ...] = (
    ("/admin", "web.nav.usage"),
    ("/admin/audit", "web.nav.audit"),
    ("/admin/channels", "web.nav.channels"),
    ("/admin/budgets", "web.budgets.nav"),
    ("/admin/feedback", "web.feedback.nav"),
)
_NAV_CSS = """
nav.pages{display:flex;gap:16px;font-size:14px}nav.pages a{color:#cfe0f1;text-decoration:none}
nav.pages a.here{color:#fff;font-weight:600;border-bottom:2px solid #fff}
"""
_EXTRA_CSS = """
td.l,th.l{text-align:left}td code{font-size:12px;word-break:break-all}
.pager{margin-top:10px;font-size:13px}.flash{background:#e3f1e6;border:1px solid #9fd3ab;padding:8px 14px;
border-radius:6px}form.inline{display:flex;gap:6px;align-items:center;margin:0}
form.inline select,form.inline button{font:inherit;font-size:13px;padding:2px 8px}
.off{color:var(--bad);font-weight:600}
"""


def _nav_links(lang: Lang, here: str) -> str:
    """The dashboard's page links (usage, audit log, channels), `here` marked."""
    here_class = ' class="here"'
    links = "".join(
        f'<a href="{path}?lang={lang}"{here_class if path == here else ""}>{escape(t(lang, key))}</a>'
        for path, key in NAV
    )
    return f'<nav class="pages">{links}</nav>'


def shell(
    lang: Lang, *, here: str, title: str, admin_name: str, body: str, query: Mapping[str, str], css: str = ""
) -> str:
    """A whole page: `body` (already escaped HTML) under the header; `query` keeps the filters on a language
    switch; `css` adds the page's own rules."""
    other: Lang = "en" if lang == "ja" else "ja"
    switch = escape(f"{here}?{urlencode({**query, 'lang': other})}")
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}{_NAV_CSS}{_EXTRA_CSS}{css}</style></head><body>"
        f'<header><h1>{escape(title)}</h1>{_nav_links(lang, here)}<span class="who">'
        f"{escape(t(lang, 'web.usage.signed_in', name=admin_name))} · "
        f'<a href="{switch}">{escape(t(lang, "web.usage.lang_switch"))}</a> · '
        f'<a href="/admin/signout?lang={lang}">{escape(t(lang, "web.auth.sign_out"))}</a></span></header>'
        f"<main>{body}</main></body></html>"
    )
