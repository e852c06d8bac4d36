"""a channel's language (the bot's posts there: polls, invitations, reminders)

Revision ID: 0007_channel_language
Revises: 0006_outbox_first_attempt
Create Date: 2026-12-04 18:05:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0007_channel_language'
down_revision = '0006_outbox_first_attempt'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('channel_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('channel_settings', schema=None) as batch_op:
        batch_op.drop_column('language')
