"""channel_settings.ai_off: an administrator switched AI features off in the channel

Revision ID: 0013_controls
Revises: 0012_budgets
Create Date: 2026-12-05 07:40:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0013_controls'
down_revision = '0012_budgets'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('channel_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ai_off', sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('channel_settings', schema=None) as batch_op:
        batch_op.drop_column('ai_off')
