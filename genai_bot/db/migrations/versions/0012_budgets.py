"""budgets (monthly limits per organisation or user), budget_warnings (80% sent once a month), usage by user

Revision ID: 0012_budgets
Revises: 0011_usage
Create Date: 2026-12-05 07:45:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel



revision = '0012_budgets'
down_revision = '0011_usage'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'budgets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('token_limit', sa.BigInteger(), nullable=True),
        sa.Column('cost_limit', sa.Float(), nullable=True),
        sa.Column('set_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('scope', 'key', name='uq_budget_scope_key'),
    )
    op.create_table(
        'budget_warnings',
        sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('month', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('scope', 'key', 'month'),
    )
    with op.batch_alter_table('usage_events', schema=None) as batch_op:
        batch_op.create_index('ix_usage_events_user_at', ['user', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('usage_events', schema=None) as batch_op:
        batch_op.drop_index('ix_usage_events_user_at')
    op.drop_table('budget_warnings')
    op.drop_table('budgets')
