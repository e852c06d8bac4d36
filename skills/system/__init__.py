"""System verbs: status, language and channel classification (free-text chat belongs to the assist skill)."""

from genai_bot.commands import Verb
from genai_bot.skill_host import SkillHost
from skills.system.controls import ai_switch
from skills.system.service import classify, set_language, status


def register(host: SkillHost) -> None:
    host.command(
        Verb("status", ("状態", "ステータス"), status),
        Verb("lang", ("言語", "language"), set_language),
        Verb("classify", ("機密区分", "classification"), classify),
        Verb("ai", ("AI機能",), ai_switch),
    )
