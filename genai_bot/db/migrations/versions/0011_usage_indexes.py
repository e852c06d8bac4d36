"""usage_events: composite indexes for the dashboard's filters (organisation, skill, provider/model, each with time)

Revision ID: 0011_usage
Revises: 0010_pacing
Create Date: 2026-12-05 03:40:00.000000
"""
from alembic import op


revision = '0011_usage'
down_revision = '0010_pacing'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('usage_events', schema=None) as batch_op:
        batch_op.create_index('ix_usage_events_org_at', ['organisation', 'at'], unique=False)
        batch_op.create_index('ix_usage_events_skill_at', ['skill', 'at'], unique=False)
        batch_op.create_index('ix_usage_events_model_at', ['provider', 'model', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('usage_events', schema=None) as batch_op:
        batch_op.drop_index('ix_usage_events_model_at')
        batch_op.drop_index('ix_usage_events_skill_at')
        batch_op.drop_index('ix_usage_events_org_at')
