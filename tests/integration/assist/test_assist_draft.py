"""`/genai draft`: 公用文 drafts per kind, helpful errors for bad input, and a kept request when the AI fails."""

from __future__ import annotations

import pytest

from genai_bot.app import Core
from genai_bot.messages import Actions, Button, Reply, Text
from tests.conftest import TestBot, clickable
from tests.integration.assist.conftest import pending_requests, sent_messages, use_assist_settings
from tests.world.openai_api import FakeOpenAI

NOTICE = "\n".join(
    (
        "〇〇第〇〇号",
        "令和〇年〇月〇日",
        "",
        "庁舎の停電点検について（通知）",
        "",
        "下記のとおり停電点検を実施する。",
        "",
        "記",
        "",
        "1　日時　12月1日",
        "",
        "以上",
    )
)


async def test_a_notice_is_drafted_in_official_style_and_shown_as_plain_text(
    assist_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(lambda body: f"```\n{NOTICE}\n```")
    reply = await assist_bot.send("/genai draft 通知 12月1日 9時〜12時 停電点検 エレベーター停止")
    [(_, prompt), points] = sent_messages(fake_llm)
    assert "公用文" in prompt and "である調" in prompt and "「記」" in prompt and "〇〇" in prompt
    assert points == ("user", "12月1日 9時〜12時 停電点検 エレベーター停止")
    texts = [b.markdown for b in reply.blocks if isinstance(b, Text)]
    assert texts[0] == "*通知文の案*" and texts[1] == NOTICE  # no code fence
    assert "AI が作成した案" in texts[2]
    assert reply.ephemeral and not reply.is_error


@pytest.mark.parametrize(
    ("line", "title", "rule"),
    [
        ("/genai 起案 メール 来週の打合せ日程の調整", "*メールの案*", "です・ます調"),
        ("/genai 下書き ＥＭＡＩＬ 来週の打合せ日程の調整", "*メールの案*", "です・ます調"),
        ("/genai draft 会議要旨 第3回検討会 議題は予算", "*議事要旨の案*", "決定事項"),
        ("/genai draft minutes: 第3回検討会 議題は予算", "*議事要旨の案*", "決定事項"),
        ("/genai draft 議事要旨第3回検討会", "*議事要旨の案*", "決定事項"),
    ],
)
async def test_kinds_are_accepted_by_japanese_and_english_names(
    assist_bot: TestBot, fake_llm: FakeOpenAI, line: str, title: str, rule: str
) -> None:
    reply = await assist_bot.send(line)
    assert isinstance(reply.blocks[0], Text) and reply.blocks[0].markdown == title
    assert rule in sent_messages(fake_llm)[0][1]


async def test_an_unknown_kind_lists_the_kinds_in_both_names(assist_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    text = await assist_bot.text("/genai draft 報告書 来週の出張")
    assert text.startswith("! 「報告書」という種類はありません。")
    for name in ("notice（通知）", "email（メール）", "minutes（議事要旨・会議要旨）"):
        assert name in text
    assert "/genai draft 通知" in text  # an example to copy
    await assist_bot.as_user("U-en", lang="en")
    english = await assist_bot.text("/genai draft report next week's trip")
    assert 'no document kind called "report"' in english and "notice (通知)" in english
    assert fake_llm.requests == []


async def test_missing_kind_or_points_say_what_to_add(assist_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    assert "種類と要点を入力してください" in await assist_bot.text("/genai draft")
    missing = await assist_bot.text("/genai draft メール")
    assert "メールに書く要点" in missing and missing.startswith("!")
    assert fake_llm.requests == []


async def test_points_over_the_limit_are_refused_saying_the_limit(
    assist_core: Core, assist_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    use_assist_settings(assist_core, GENAI_DRAFT_MAX_CHARS="20")
    text = await assist_bot.text("/genai draft 通知 " + "停電" * 11)
    assert "22 文字" in text and "20 文字以内" in text
    assert fake_llm.requests == []


async def test_llm_down_keeps_the_request_and_the_retry_button_runs_it_again(
    assist_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    assert assist_bot.person is not None
    fake_llm.fail_next(502, times=1)
    args = "notice 12月1日 停電点検"
    failed = await assist_bot.core.handle(
        f"draft {args}", assist_bot.person, assist_bot.room, "command", chat=clickable(assist_bot.core)
    )
    [button] = _buttons(failed)
    [kept] = await pending_requests(assist_bot.core)
    assert (button.action_id, button.value) == ("genai:draft", f"--retry {kept.id}")
    assert (kept.verb, kept.args, kept.status) == ("draft", args, "pending")
    retried = await assist_bot.core.handle(f"draft {button.value}", assist_bot.person, assist_bot.room, "action")
    assert not retried.is_error and "通知文の案" in retried.plain_text
    assert [r.status for r in await pending_requests(assist_bot.core)] == ["done"]


async def test_without_an_llm_draft_says_which_setting_to_add(testbot: TestBot) -> None:
    text = await testbot.text("/genai draft 通知 12月1日 停電点検")
    assert text.startswith("!") and "OPENAI_API_KEY" in text


async def test_an_empty_answer_asks_for_more_specific_points(assist_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(lambda body: "```\n```")
    assert "要点をもう少し具体的に" in await assist_bot.text("/genai draft 通知 あれ")


def _buttons(reply: Reply) -> list[Button]:
    return [button for block in reply.blocks if isinstance(block, Actions) for button in block.buttons]
