"""Channel controls on the dashboard: `GET /admin/channels` lists every channel with a setting (classification,
language, AI off) and `POST /admin/channels` changes one; `GET /admin/api/channels` gives the list as JSON.

Global admins only: channels belong to no organisation. A change follows the rule of `/genai classify` (a dashboard
admin is an administrator, so may lower the level) and is audited the same way (`via: dashboard`), actor
`web:<e-mail or subject>`. Form fields: `platform`, `channel`, `classification` (keep|default|0–3), `ai`
(keep|on|off). The next LLM call from the channel sees the change.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlencode

from aiohttp import web

import genai_bot.web.messages_controls  # noqa: F401  (registers the messages)
from genai_bot.channel_controls import (
    ChannelControls,
    change_classification,
    default_level,
    list_channels,
    switch_ai,
)
from genai_bot.channel_settings import channel_ai_off
from genai_bot.i18n import Lang, t
from genai_bot.llm.classification import channel_classification
from genai_bot.llm.settings import CLASSIFICATION_LEVELS
from genai_bot.services import Services
from genai_bot.text import nfkc
from genai_bot.web.channel_notice import announce
from genai_bot.web.identity import Admin, current_admin
from genai_bot.web.page import message_page, request_lang
from genai_bot.web.shell import shell

__all__ = ["add_channel_routes", "web_actor"]

_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_PLATFORM = re.compile(r"[a-z]{1,20}")
_KEEP = "keep"


def web_actor(admin: Admin) -> str:
    """The audit actor of a dashboard change: `web:<e-mail>` (the organisation file knows people by e-mail)."""
    return f"web:{admin.email or admin.subject}"


def _level_name(lang: Lang, level: int | None, default: int) -> str:
    if level is None:
        return t(lang, "web.channels.default_level", level=default, name=t(lang, f"web.channels.level.{default}"))
    return f"{level} {t(lang, f'web.channels.level.{level}')}"


def _options(choices: list[tuple[str, str]], selected: str) -> str:
    return "".join(
        f'<option value="{escape(v)}"{" selected" if v == selected else ""}>{escape(n)}</option>' for v, n in choices
    )


def _level_choices(lang: Lang) -> list[tuple[str, str]]:
    return [(str(n), f"{n} {t(lang, f'web.channels.level.{n}')}") for n in sorted(CLASSIFICATION_LEVELS)]


def _change_form(lang: Lang, platform: str, channel: str, level: int | None, off: bool) -> str:
    levels = [("default", t(lang, "web.channels.use_default")), *_level_choices(lang)]
    ai = [("on", t(lang, "web.channels.ai_on")), ("off", t(lang, "web.channels.ai_off"))]
    return (
        f'<form class="inline" method="post" action="/admin/channels?lang={lang}">'
        f'<input type="hidden" name="platform" value="{escape(platform)}">'
        f'<input type="hidden" name="channel" value="{escape(channel)}">'
        f'<select name="classification" aria-label="{escape(t(lang, "web.channels.col.classification"))}">'
        f"{_options(levels, 'default' if level is None else str(level))}</select>"
        f'<select name="ai" aria-label="{escape(t(lang, "web.channels.col.ai"))}">'
        f"{_options(ai, 'off' if off else 'on')}</select>"
        f'<button type="submit">{escape(t(lang, "web.channels.save"))}</button></form>'
    )


def _row(lang: Lang, c: ChannelControls, default: int) -> str:
    ai = (
        f'<span class="off">{escape(t(lang, "web.channels.ai_off"))}</span>'
        if c.ai_off
        else escape(t(lang, "web.channels.ai_on"))
    )
    cells = (
        escape(c.platform),
        escape(c.channel_id),
        escape(_level_name(lang, c.classification, default)),
        escape(t(lang, f"web.channels.lang.{c.language}") if c.language in ("ja", "en") else "—"),
        ai,
        _change_form(lang, c.platform, c.channel_id, c.classification, c.ai_off),
    )
    return "<tr>" + "".join(f'<td class="l">{cell}</td>' for cell in cells) + "</tr>"


def _render(lang: Lang, admin: Admin, channels: list[ChannelControls], default: int, done: bool) -> str:
    heads = "".join(
        f'<th class="l">{escape(t(lang, f"web.channels.col.{h}"))}</th>'
        for h in ("platform", "channel", "classification", "language", "ai", "change")
    )
    rows = "".join(_row(lang, c, default) for c in channels)
    table = (
        f"<table><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>"
        if channels
        else f'<p class="empty">{escape(t(lang, "web.channels.empty"))}</p>'
    )
    platforms = _options([("slack", "Slack"), ("console", "console")], "slack")
    levels = _options([(_KEEP, "—"), *_level_choices(lang)], _KEEP)
    ai = _options([(_KEEP, "—"), ("off", t(lang, "web.channels.ai_off")), ("on", t(lang, "web.channels.ai_on"))], _KEEP)

    def label(key: str, control: str) -> str:
        return f"<label>{escape(t(lang, f'web.channels.col.{key}'))}{control}</label>"

    add = (
        f"<section><h2>{escape(t(lang, 'web.channels.add_title'))}</h2>"
        f'<form class="filters" method="post" action="/admin/channels?lang={lang}">'
        + label("platform", f'<select name="platform">{platforms}</select>')
        + label("channel", '<input name="channel" required maxlength="64">')
        + label("classification", f'<select name="classification">{levels}</select>')
        + label("ai", f'<select name="ai">{ai}</select>')
        + f'<button type="submit">{escape(t(lang, "web.channels.save"))}</button></form></section>'
    )
    flash = f'<p class="flash">{escape(t(lang, "web.channels.saved"))}</p>' if done else ""
    intro = f'<p class="sub">{escape(t(lang, "web.channels.intro"))}</p>'
    body = f"{intro}{flash}<section>{table}</section>{add}"
    title = t(lang, "web.channels.title")
    return shell(lang, here="/admin/channels", title=title, admin_name=admin.name, body=body, query={})


def _json(c: ChannelControls) -> dict[str, object]:
    return {
        "platform": c.platform,
        "channel": c.channel_id,
        "classification": c.classification,
        "language": c.language,
        "ai_off": c.ai_off,
        "updated_at": c.updated_at.isoformat(),
    }


class _BadChange(Exception):
    pass


def _parse_level(raw: str) -> tuple[bool, int | None]:
    """(whether to change the level, the new level: None is back to the default)."""
    if raw in ("", _KEEP):
        return False, None
    if raw == "default":
        return True, None
    if raw.isdigit() and int(raw) in CLASSIFICATION_LEVELS:
        return True, int(raw)
    raise _BadChange


def add_channel_routes(app: web.Application, services: Services) -> None:
    def refused(request: web.Request, admin: Admin) -> web.Response | None:
        if admin.is_global:
            return None
        return message_page(request_lang(request), "web.channels.global_only", status=403, again=False)

    async def view(request: web.Request) -> web.Response:
        admin, lang = current_admin(request), request_lang(request)
        if (refusal := refused(request, admin)) is not None:
            return refusal
        channels = await list_channels(services.db)
        html = _render(lang, admin, channels, default_level(services), request.query.get("done") == "1")
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    async def api(request: web.Request) -> web.Response:
        admin = current_admin(request)
        if not admin.is_global:
            message = t(request_lang(request), "web.channels.global_only")
            return web.json_response({"error": "forbidden", "message": message}, status=403)
        return web.json_response({"channels": [_json(c) for c in await list_channels(services.db)]})

    async def change(request: web.Request) -> web.Response:
        admin, lang = current_admin(request), request_lang(request)
        if (refusal := refused(request, admin)) is not None:
            return refusal
        form = await request.post()
        platform = nfkc(str(form.get("platform", ""))).strip()
        channel = nfkc(str(form.get("channel", ""))).strip()
        ai = str(form.get("ai", _KEEP)).strip()
        try:
            if not _PLATFORM.fullmatch(platform) or not _ID.fullmatch(channel) or ai not in (_KEEP, "on", "off"):
                raise _BadChange
            changes_level, level = _parse_level(str(form.get("classification", _KEEP)).strip())
        except _BadChange:
            return message_page(lang, "web.channels.bad_change", status=400, again=False)
        actor = web_actor(admin)
        if changes_level and level != await channel_classification(services.db, platform, channel):
            shown = await change_classification(
                services, platform, channel, level, actor=actor, may_lower=True, via="dashboard"
            )
            key = "web.channels.notice.cleared" if level is None else "web.channels.notice.classified"
            await announce(services, platform, channel, key, level=shown)
        if ai != _KEEP and (ai == "off") != await channel_ai_off(services.db, platform, channel):
            await switch_ai(services, platform, channel, off=ai == "off", actor=actor, via="dashboard")
            await announce(services, platform, channel, f"web.channels.notice.ai_{ai}")
        raise web.HTTPSeeOther(f"/admin/channels?{urlencode({'lang': lang, 'done': '1'})}")

    app.router.add_get("/admin/channels", view)
    app.router.add_post("/admin/channels", change)
    app.router.add_get("/admin/api/channels", api)
