"""digest tables: subscriptions, quiet hours, followed channels

Revision ID: 0009_digest
Revises: 0008_trip
Create Date: 2026-12-05 03:40:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0009_digest'
down_revision = '0008_trip'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('digest_subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('channel_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('frequency', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=True),
    sa.Column('at_time', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('timezone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('include_holidays', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('snoozed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('digest_subscriptions', schema=None) as batch_op:
        batch_op.create_index('ix_digest_subscriptions_owner', ['owner'], unique=False)
        batch_op.create_index('ix_digest_subscriptions_next_due_at', ['next_due_at'], unique=False)
    op.create_table('digest_preferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('quiet_start', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('quiet_end', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('platform', 'team_id', 'user_id', name='uq_digest_preference')
    )
    op.create_table('digest_follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('channel_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('platform', 'team_id', 'user_id', 'channel_id', name='uq_digest_follow')
    )
    with op.batch_alter_table('digest_follows', schema=None) as batch_op:
        batch_op.create_index('ix_digest_follows_user_id', ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('digest_follows', schema=None) as batch_op:
        batch_op.drop_index('ix_digest_follows_user_id')
    op.drop_table('digest_follows')
    op.drop_table('digest_preferences')
    with op.batch_alter_table('digest_subscriptions', schema=None) as batch_op:
        batch_op.drop_index('ix_digest_subscriptions_next_due_at')
        batch_op.drop_index('ix_digest_subscriptions_owner')
    op.drop_table('digest_subscriptions')
