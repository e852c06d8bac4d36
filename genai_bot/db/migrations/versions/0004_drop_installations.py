"""drop the unused installations table

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 15:45:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table('installations')


def downgrade() -> None:
    op.create_table('installations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('team_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('bot_user_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('bot_token_encrypted', sa.Text(), nullable=True),
    sa.Column('installed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('platform', 'team_id', name='uq_installation_team')
    )
