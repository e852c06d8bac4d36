"""outbox rows remember when their first delivery began (exactly-once re-sends)

Revision ID: 0006_outbox_first_attempt
Revises: 0005_committee_privacy
Create Date: 2026-12-04 18:10:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_outbox_first_attempt'
down_revision = '0005_committee_privacy'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_attempt_at', sa.DateTime(timezone=True), nullable=True))
    # a row already tried may be out: look for it from its creation on before sending it again
    op.execute("UPDATE outbox SET first_attempt_at = created_at WHERE attempts > 0")


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('first_attempt_at')
