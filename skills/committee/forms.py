"""Forms (Slack modals) for the committee commands, each with the typed-command alternative in its text blocks
for adapters without forms (the console)."""

from __future__ import annotations

from genai_bot.commands import CommandContext
from genai_bot.messages import Choice, Form, FormField, Reply, Text
from skills.committee.models import Committee
from skills.committee.text import ROLES


def _reply(ctx: CommandContext, form: Form, usage_key: str) -> Reply:
    """The form, and the typed command: "if no form opens, type" where forms open, just "type" where none can
    (the console)."""
    key = "committee.form.typed" if ctx.chat is not None and ctx.chat.supports_forms else "committee.form.type_it"
    return Reply(blocks=[Text(ctx.t(key, usage=ctx.t(usage_key)))], form=form)


def create_form(ctx: CommandContext) -> Reply:
    form = Form(
        title=ctx.t("committee.form.create_title"),
        submit_label=ctx.t("committee.form.create_submit"),
        command="committee create",
        fields=(
            FormField("name", ctx.t("committee.form.name"), placeholder=ctx.t("committee.form.name_hint")),
            FormField("description", ctx.t("committee.form.description"), kind="multiline", required=False),
            FormField("members", ctx.t("committee.form.members"), kind="users", required=False),
            FormField(
                "channel",
                ctx.t("committee.form.channel"),
                kind="select",
                initial="here",
                choices=(
                    Choice(ctx.t("committee.form.channel_here"), "here"),
                    Choice(ctx.t("committee.form.channel_none"), "none"),
                ),
            ),
            FormField("email", ctx.t("committee.form.my_email"), required=False, placeholder="name@example.go.jp"),
        ),
    )
    return _reply(ctx, form, "committee.usage.create")


def member_form(ctx: CommandContext, committee: Committee) -> Reply:
    roles = tuple(Choice(ctx.t(f"committee.role.{r}"), r) for r in ROLES)
    form = Form(
        title=ctx.t("committee.form.member_title"),
        submit_label=ctx.t("committee.form.member_submit"),
        command=f"committee member add {committee.id}",
        fields=(
            FormField("users", ctx.t("committee.form.users"), kind="users", required=False),
            FormField("external_name", ctx.t("committee.form.external_name"), required=False),
            FormField(
                "external_email",
                ctx.t("committee.form.external_email"),
                required=False,
                placeholder="name@example.ac.jp",
            ),
            FormField("external_org", ctx.t("committee.form.external_org"), required=False),
            FormField("role", ctx.t("committee.form.role"), kind="select", initial="member", choices=roles),
            FormField(
                "attendance",
                ctx.t("committee.form.attendance"),
                kind="select",
                initial="required",
                choices=(
                    Choice(ctx.t("committee.required"), "required"),
                    Choice(ctx.t("committee.optional"), "optional"),
                ),
            ),
        ),
    )
    return _reply(ctx, form, "committee.usage.member")


def window_form(ctx: CommandContext, committee: Committee, sub: str, duration: int) -> Reply:
    """Dates and length for `slots` and `poll` (the poll also asks for a deadline, a title and a place)."""
    fields = [
        FormField("first", ctx.t("committee.form.first"), kind="date"),
        FormField("last", ctx.t("committee.form.last"), kind="date"),
        FormField("duration", ctx.t("committee.form.duration"), kind="number", initial=str(duration)),
    ]
    if sub == "poll":
        fields += [
            FormField("deadline", ctx.t("committee.form.deadline"), kind="date", required=False),
            FormField("title", ctx.t("committee.form.title"), required=False),
            FormField("location", ctx.t("committee.form.location"), required=False),
        ]
    form = Form(
        title=ctx.t(f"committee.form.{sub}_title"),
        submit_label=ctx.t(f"committee.form.{sub}_submit"),
        command=f"committee {sub} {committee.id}",
        fields=tuple(fields),
    )
    return _reply(ctx, form, f"committee.usage.{sub}")
