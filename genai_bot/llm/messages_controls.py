"""Messages of the per-channel AI switch (ja, en); registered when genai_bot.llm.handle is imported."""

from __future__ import annotations

from genai_bot.i18n import register

register(
    ja={
        "llm.ai_off": (
            "このチャンネルでは管理者が AI 機能をオフにしています。AI への送信は行っていません。"
            "再開は管理者（`/genai ai on` または管理画面）に依頼してください。"
        ),
    },
    en={
        "llm.ai_off": (
            "AI features are switched off in this channel by an administrator; nothing was sent to an AI service. "
            "Please ask an administrator to switch them back on (`/genai ai on` or the dashboard)."
        ),
    },
)
