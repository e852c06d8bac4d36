"""Committees and members from the console: create, list, show, archive, member add/remove/role/set, forms,
permissions and the friendly errors around them. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from genai_bot.audit import AuditLog
from tests.integration.committee.conftest import Office, committee_with_members


async def test_committee_alone_lists_subcommands_and_help_explains_one(office: Office) -> None:
    overview = await office.text("tanaka", "/genai committee")
    for sub in ("create", "slots", "poll", "confirm", "minutes"):
        assert f"`{sub}`" in overview
    usage = await office.text("tanaka", "/genai 委員会 help poll")
    assert "/genai committee poll <委員会>" in usage and "--deadline" in usage
    assert "使い方" in await office.text("tanaka", "/genai committee poll help")
    assert "/genai committee poll <委員会>" in await office.text("tanaka", "/genai help committee poll")
    assert await office.text("tanaka", "/genai help committee") == overview
    assert "`poll`" in await office.text("tanaka", "ＣＯＭＭＩＴＴＥＥ　ｈｅｌｐ")


async def test_member_has_its_own_subcommands_with_help(office: Office) -> None:
    text = await office.text("tanaka", "/genai committee member help")
    assert "`add`（追加）" in text and "`role`（役割）" in text and "/genai committee member add|remove" in text
    assert "`remove`" in await office.text("tanaka", "/genai 委員会 ヘルプ メンバー")
    bare = await office.text("tanaka", "/genai committee member")
    assert bare.startswith("! ") and "使い方:" in bare and "add|remove|role|set" in bare


async def test_full_width_subcommands(office: Office) -> None:
    await committee_with_members(office)
    assert "予算検討委員会" in await office.text("tanaka", "ＣＯＭＭＩＴＴＥＥ　ｌｉｓｔ")
    assert "予算検討委員会" in await office.text("tanaka", "／ｇｅｎａｉ　委員会　ＳＨＯＷ　＃１")


async def test_unknown_subcommand_suggests_the_closest(office: Office) -> None:
    text = await office.text("tanaka", "/genai committee creat 予算")
    assert text.startswith("! ") and "`/genai committee create`" in text


async def test_create_list_and_show_with_full_width_and_id_lookup(office: Office) -> None:
    await committee_with_members(office)
    listing = await office.text("suzuki", "/genai committee 一覧")
    assert "予算検討委員会" in listing and "4人" in listing and "あなたは委員長" in listing
    shown = await office.text("sato", "/genai committee show #1")
    assert "予算検討委員会" in shown
    assert "tanaka（事務局・必須）" in shown and "suzuki（委員長・必須）" in shown
    assert "山田太郎（委員・任意・外部） — 東京大学 / yamada@example.ac.jp" in shown
    assert "予算検討委員会" in await office.text("sato", "/genai committee show ＃１")


async def test_an_unknown_committee_suggests_the_closest_name(office: Office) -> None:
    await committee_with_members(office)
    text = await office.text("tanaka", "/genai committee show 予算検討")
    assert text.startswith("! ") and "「予算検討委員会」のことですか" in text


async def test_duplicate_names_are_refused_even_written_in_full_width(office: Office) -> None:
    await office.text("tanaka", "/genai committee create ABC委員会")
    text = await office.text("tanaka", "/genai committee create ＡＢＣ委員会")
    assert text.startswith("! ") and "既にあります" in text


async def test_create_without_a_name_opens_a_form_with_the_typed_alternative(office: Office) -> None:
    reply = await office.send("tanaka", "/genai committee create")
    assert reply.form is not None and reply.form.command == "committee create"
    assert [f.name for f in reply.form.fields][:3] == ["name", "description", "members"]
    assert "/genai committee create <委員会名>" in reply.plain_text


async def test_submitted_create_form_adds_the_chosen_members_and_binds_the_channel(office: Office) -> None:
    for user in ("tanaka", "suzuki", "sato"):
        await office.person(user)
    reply = await office.send(
        "tanaka",
        "/genai committee create",
        extra={
            "name": "  広報委員会 ",
            "description": "広報の方針を検討",
            "members": "suzuki,sato,tanaka",
            "channel": "here",
            "email": "",
        },
    )
    assert not reply.is_error and "2人を追加しました: suzuki、sato" in reply.plain_text
    shown = await office.text("sato", "/genai committee show 広報委員会")
    assert "C-committee" in shown and "広報の方針を検討" in shown and "メンバー（3人）" in shown


async def test_a_taken_name_in_the_form_is_shown_next_to_the_name_field(office: Office) -> None:
    await office.text("tanaka", "/genai committee create 広報委員会")
    reply = await office.send("tanaka", "/genai committee create", extra={"name": "広報委員会", "channel": "none"})
    assert reply.is_error and "既にあります" in reply.field_errors["name"]
    bad = await office.send("tanaka", "/genai committee create", extra={"name": "別の委員会", "email": "nope"})
    assert "メールアドレスとして読み取れません" in bad.field_errors["email"]


async def test_member_form_adds_slack_users_and_an_external_person(office: Office) -> None:
    await committee_with_members(office)
    form = await office.send("tanaka", "/genai committee member add 予算検討委員会")
    assert form.form is not None and form.form.command == "committee member add 1"
    await office.person("kato")
    reply = await office.send(
        "tanaka",
        "/genai committee member add 1",
        extra={
            "users": "kato",
            "external_name": "伊藤花子",
            "external_email": "ito@example.ac.jp",
            "external_org": "京都大学",
            "role": "observer",
            "attendance": "optional",
        },
    )
    assert "2人を追加しました: kato、伊藤花子" in reply.plain_text
    shown = await office.text("tanaka", "/genai committee show 1")
    assert "伊藤花子（オブザーバー・任意・外部） — 京都大学 / ito@example.ac.jp" in shown


async def test_only_the_secretariat_changes_a_committee(office: Office) -> None:
    await committee_with_members(office)
    for line in (
        "/genai committee member add 予算検討委員会 @outsider",
        "/genai committee member remove 予算検討委員会 @sato",
        "/genai committee member role 予算検討委員会 @sato chair",
        "/genai committee archive 予算検討委員会",
    ):
        text = await office.text("suzuki", line)
        assert text.startswith("! ") and "事務局だけ" in text, line
    assert "sato（委員・必須）" in await office.text("tanaka", "/genai committee show 1")


async def test_member_errors_say_what_to_do(office: Office) -> None:
    await committee_with_members(office)
    again = await office.text("tanaka", "/genai committee member add 予算検討委員会 @sato")
    assert "既にメンバーです" in again
    also_again = await office.text("tanaka", "/genai committee member add 予算検討委員会 YAMADA@example.ac.jp")
    assert "山田太郎 さんは既にメンバーです" in also_again
    assert "メールアドレスとして読み取れません" in await office.text(
        "tanaka", "/genai committee member add 予算検討委員会 --email yamada@ --name 山田"
    )
    assert "役割「boss」は使えません" in await office.text("tanaka", "/genai committee member add 1 @kato --role boss")
    assert "が誰か分かりません" in await office.text("tanaka", "/genai committee member add 1 kato")
    unknown = await office.text("tanaka", "/genai committee member remove 予算検討委員会 @nobody")
    assert "「@nobody」は「予算検討委員会」のメンバーにいません" in unknown and "suzuki" in unknown


async def test_roles_attendance_and_details_can_change_but_one_secretariat_must_remain(office: Office) -> None:
    await committee_with_members(office)
    last = await office.text("tanaka", "/genai committee member role 予算検討委員会 @tanaka member")
    assert "事務局が最低1人必要" in last
    assert "事務局が最低1人必要" in await office.text("tanaka", "/genai committee member remove 1 @tanaka")
    changed = await office.text("tanaka", "/genai committee member role 1 @sato 事務局")
    assert "sato（事務局・必須）" in changed
    assert "tanaka（委員・必須）" in await office.text("sato", "/genai committee member role 1 @tanaka 委員")
    updated = await office.text(
        "sato", "/genai committee member set 1 山田太郎 --email taro@example.ac.jp --hours 10:00-16:00 --required"
    )
    assert "山田太郎（委員・必須・外部） — 東京大学 / taro@example.ac.jp / 10:00–16:00" in updated
    assert "変更する項目を指定してください" in await office.text("sato", "/genai committee member set 1 山田太郎")
    assert "勤務時間「9時から」が読み取れません" in await office.text(
        "sato", "/genai committee member set 1 @sato --hours 9時から"
    )
    removed = await office.text("sato", "/genai committee member remove 1 yamada")
    assert "「yamada」は「予算検討委員会」のメンバーにいません" in removed  # a whole name or e-mail, not a part
    assert "山田太郎 さんを外しました" in await office.text("sato", "/genai committee member remove 1 山田太郎")


async def test_archived_committees_leave_the_list_and_cannot_change(office: Office) -> None:
    await committee_with_members(office)
    assert "廃止（アーカイブ）しました" in await office.text("tanaka", "/genai committee archive 予算検討委員会")
    assert "活動中の委員会はありません" in await office.text("tanaka", "/genai committee list")
    assert "［廃止］" in await office.text("tanaka", "/genai committee list --all")
    refused = await office.text("tanaka", "/genai committee member add 1 @kato")
    assert "廃止（アーカイブ）済みのため変更できません" in refused


async def test_english_speakers_get_english(office: Office) -> None:
    await office.person("smith", lang="en")
    created = await office.text("smith", "/genai committee create Budget Review")
    assert 'Created committee "Budget Review" (#1). You are its secretariat.' in created
    shown = await office.text("smith", '/genai committee show "Budget Review"')
    assert "• smith (secretariat, required)" in shown
    assert "Did you mean" in await office.text("smith", "/genai committee lst")


async def test_every_change_is_audited(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", "/genai committee member role 1 @sato chair")
    await office.text("tanaka", "/genai committee member remove 1 山田太郎")
    await office.text("tanaka", "/genai committee archive 1")
    actions = [e.action for e in reversed(await AuditLog(office.core.db).recent(20))]
    assert actions == [
        "committee.created",
        "committee.member_added",
        "committee.member_added",
        "committee.member_added",
        "committee.member_role_changed",
        "committee.member_removed",
        "committee.archived",
    ]
    entries = await AuditLog(office.core.db).recent(1)
    assert entries[0].actor == "console:T-office:tanaka" and entries[0].target == "committee:1"


async def test_agenda_slots_and_member_details_are_for_members_only(office: Office) -> None:
    await committee_with_members(office)
    shown = await office.text("outsider", "/genai committee show 予算検討委員会")
    assert not shown.startswith("! ") and "予算検討委員会" in shown and "山田太郎" in shown
    assert "yamada@example.ac.jp" not in shown and "東京大学" not in shown
    assert "委員会のメンバーだけに表示されます" in shown
    assert "yamada@example.ac.jp" in await office.text("sato", "/genai committee show 予算検討委員会")
    slots = await office.text("outsider", "/genai committee slots 予算検討委員会 2/15 2/16")
    assert slots.startswith("! ") and "委員会のメンバーだけが見られます" in slots
    form = await office.send("outsider", "/genai committee slots 予算検討委員会")
    assert form.form is None and form.is_error
    await office.text("tanaka", "/genai committee poll 予算検討委員会 2/15 2/19 --location 第1会議室")
    await office.text("tanaka", "/genai committee confirm 1 1 --force")
    agenda = await office.text("outsider", "/genai committee agenda 1")
    assert agenda.startswith("! ") and "委員会のメンバーだけが見られます" in agenda
    assert "議題・資料" in await office.text("sato", "/genai committee agenda 1")
    listing = await office.text("outsider", "/genai committee list")
    assert "予算検討委員会" in listing


async def test_the_members_only_refusal_speaks_english(office: Office) -> None:
    await committee_with_members(office)
    await office.person("outsider", lang="en")
    refused = await office.text("outsider", "/genai committee slots 1 2/15 2/16")
    assert 'Only members of "予算検討委員会" can see its agenda' in refused
    shown = await office.text("outsider", "/genai committee show 1")
    assert "shown to committee members only" in shown and "yamada@example.ac.jp" not in shown
