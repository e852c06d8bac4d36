"""The small pages around sign-in (signed out, no access, try again): one plain, readable layout in ja or en."""

from __future__ import annotations

from html import escape
from typing import Any

from aiohttp import web

from genai_bot.i18n import Lang, normalize_lang, t

__all__ = ["csv_download", "message_page", "request_lang"]

_CSS = """
body{margin:0;font:16px/1.7 system-ui,"Hiragino Sans","Noto Sans JP","Yu Gothic",sans-serif;color:#1f2933;
background:#f5f7fa}
header{background:#17324d;color:#fff;padding:14px 28px;font-size:15px}
main{max-width:640px;margin:48px auto;padding:28px 32px;background:#fff;border:1px solid #d9e2ec;border-radius:10px}
h1{font-size:21px;margin:0 0 12px}p{margin:0 0 18px}
a.button{display:inline-block;padding:7px 20px;border-radius:5px;background:#2f6fb3;color:#fff;text-decoration:none}
"""


def request_lang(request: web.Request) -> Lang:
    """`?lang=ja|en`, else the browser's first Accept-Language that is ja or en, else Japanese."""
    chosen = request.query.get("lang")
    if chosen:
        return normalize_lang(chosen)
    for part in request.headers.get("Accept-Language", "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith(("ja", "en")):
            return normalize_lang(tag)
    return "ja"


def message_page(lang: Lang, key: str, *, status: int, again: bool, **args: Any) -> web.Response:
    """A page with the title `<key>_title`, the text `<key>` and, when `again`, a button to sign in again."""
    title = escape(t(lang, f"{key}_title"))
    text = escape(t(lang, key, **args))
    button = (
        f'<a class="button" href="/admin/signin?lang={lang}">{escape(t(lang, "web.auth.sign_in_again"))}</a>'
        if again
        else ""
    )
    html = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>'
        f"<style>{_CSS}</style></head><body><header>{escape(t(lang, 'web.auth.product'))}</header>"
        f"<main><h1>{title}</h1><p>{text}</p>{button}</main></body></html>"
    )
    return web.Response(text=html, content_type="text/html", status=status)


def csv_download(body: bytes, name: str) -> web.Response:
    """A CSV file the browser saves as `name` (`body` as genai_bot.spreadsheet.excel_csv makes it)."""
    return web.Response(
        body=body,
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
