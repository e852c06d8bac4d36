"""`/genai proofread`: a readable before → after list with reasons, merged rule checks, and robust fallbacks."""

from __future__ import annotations

import json

from genai_bot.app import Core
from genai_bot.messages import Actions
from tests.conftest import TestBot, clickable
from tests.integration.assist.conftest import pending_requests, sent_messages, use_assist_settings
from tests.world.openai_api import FakeOpenAI

TEXT = "会議の資料を送付致します。ご確認の程、宜しくお願いします。出席者は田中課長がおっしゃられました。"
MODEL_ANSWER = [
    {"before": "おっしゃられました", "after": "おっしゃいました", "reason": "二重敬語です", "category": "敬語"},
    {
        "before": "ご確認の程",
        "after": "ご確認のほど",
        "reason": "形式名詞は仮名で書きます",
        "category": "公用文の書き方",
    },
]


async def test_corrections_are_listed_before_to_after_with_reasons_and_a_corrected_text(
    assist_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(lambda body: "```json\n" + json.dumps(MODEL_ANSWER, ensure_ascii=False) + "\n```")
    text = await assist_bot.text(f"/genai proofread {TEXT}")
    [(_, prompt), sent] = sent_messages(fake_llm)
    assert "JSON" in prompt and "表記ゆれ" in prompt and sent == ("user", TEXT)
    assert "校正結果（4 件）" in text
    lines = text.splitlines()
    # in the order they appear in the text; the rule check adds 致します and 宜しく
    assert lines[1] == "1. 「送付致します」→「送付いたします」"
    assert lines[3] == "2. 「ご確認の程」→「ご確認のほど」"
    assert lines[4] == "　理由: 形式名詞は仮名で書きます（公用文の書き方）"
    assert lines[5] == "3. 「宜しく」→「よろしく」"
    assert lines[7] == "4. 「おっしゃられました」→「おっしゃいました」"
    assert lines[8] == "　理由: 二重敬語です（敬語）"
    assert (
        "会議の資料を送付いたします。ご確認のほど、よろしくお願いします。出席者は田中課長がおっしゃいました。" in text
    )


async def test_no_corrections_says_so(assist_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(lambda body: "[]")
    text = await assist_bot.text("/genai 校正 会議は予定どおり開催します。")
    assert "修正が必要な箇所は見つかりませんでした。" in text and "修正後の文章" not in text


async def test_a_non_json_answer_is_shown_as_written(assist_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(lambda body: "「致します」は「いたします」が適切です。")
    text = await assist_bot.text("/genai proofread 送付致します。")
    assert "AI の指摘" in text and "「致します」は「いたします」が適切です。" in text
    assert "「送付致します」→「送付いたします」" in text  # the rule check still shows


async def test_without_an_llm_only_the_rule_check_runs_and_says_so(testbot: TestBot) -> None:
    text = await testbot.text("/genai proofread 明日までに提出して下さい。")
    assert "「して下さい」→「してください」" in text
    assert "補助動詞の「ください」は仮名で書きます" in text
    assert "AI サービスが設定されていないため" in text


async def test_english_users_get_english_labels(assist_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    await assist_bot.as_user("U-en", lang="en")
    fake_llm.reply_with(
        lambda body: json.dumps(
            [
                {
                    "before": "確認出来ます",
                    "after": "確認できます",
                    "reason": "Write できる in kana",
                    "category": "公用文の書き方",
                }
            ]
        )
    )
    text = await assist_bot.text("/genai proofread 資料を確認出来ます。")
    assert "Proofreading (1 found)" in text
    assert '"確認出来ます" → "確認できます"' in text and "Why: Write できる in kana (Official style)" in text
    assert "reason" in sent_messages(fake_llm)[0][1] and "英語" in sent_messages(fake_llm)[0][1]


async def test_empty_and_too_long_text_are_refused(
    assist_core: Core, assist_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    assert "校正する文章を入力してください" in await assist_bot.text("/genai proofread")
    use_assist_settings(assist_core, GENAI_PROOFREAD_MAX_CHARS="5")
    text = await assist_bot.text("/genai proofread 六文字の文章")
    assert "6 文字" in text and "5 文字以内" in text
    assert fake_llm.requests == []


async def test_a_long_text_that_failed_is_retried_from_the_kept_request(
    assist_core: Core, assist_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    assert assist_bot.person is not None
    long_text = "資料を送付します。" * 300  # longer than a Slack button value may be
    fake_llm.fail_next(500, times=1)
    failed = await assist_core.handle(
        f"proofread {long_text}", assist_bot.person, assist_bot.room, "command", chat=clickable(assist_core)
    )
    [actions] = [b for b in failed.blocks if isinstance(b, Actions)]
    [button] = actions.buttons
    [kept] = await pending_requests(assist_core)
    assert button.value == f"--retry {kept.id}" and kept.args == long_text
    fake_llm.reply_with(lambda body: "[]")
    retried = await assist_core.handle(f"proofread {button.value}", assist_bot.person, assist_bot.room, "action")
    assert "修正が必要な箇所は見つかりませんでした" in retried.plain_text
    assert sent_messages(fake_llm)[-1] == ("user", long_text)
    # typed by hand, the reference is just text to proofread
    await assist_bot.text(f"/genai proofread {button.value}")
    assert sent_messages(fake_llm)[-1] == ("user", button.value)
