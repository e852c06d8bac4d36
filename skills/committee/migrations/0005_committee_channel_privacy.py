"""committees remember whether their channel is private

Revision ID: 0005_committee_privacy
Revises: 0004
Create Date: 2026-12-04 16:20:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_committee_privacy'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel_private', sa.Boolean(), nullable=True))
    # no channel: nothing to hide; a channel: not known yet, asked of the chat platform on the next command
    op.execute("UPDATE committees SET channel_private = false WHERE channel_id IS NULL")


def downgrade() -> None:
    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.drop_column('channel_private')
