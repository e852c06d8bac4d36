"""the shared schedule of outgoing Slack calls (one row per budget, see genai_bot.pacing)

Revision ID: 0010_pacing
Revises: 0009_digest
Create Date: 2026-12-05 03:40:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0010_pacing'
down_revision = '0009_digest'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'slack_pace',
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('next_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )


def downgrade() -> None:
    op.drop_table('slack_pace')
