"""trip tables: business trips (出張) and the approval requests sent for them

Revision ID: 0008_trip
Revises: 0007_channel_language
Create Date: 2026-12-05 03:30:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0008_trip'
down_revision = '0007_channel_language'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('trips',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('traveller', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('traveller_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('grade', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('destination', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('prefecture', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('depart', sa.Date(), nullable=False),
    sa.Column('return_on', sa.Date(), nullable=False),
    sa.Column('transport', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('fare', sa.Integer(), nullable=True),
    sa.Column('lodging_per_night', sa.Integer(), nullable=True),
    sa.Column('lodging_reason', sa.Text(), nullable=True),
    sa.Column('related', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('budget_code', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('estimate_json', sa.Text(), nullable=True),
    sa.Column('estimate_total', sa.Integer(), nullable=True),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('report', sa.Text(), nullable=True),
    sa.Column('report_filed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('trips', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trips_traveller'), ['traveller'], unique=False)
        batch_op.create_index(batch_op.f('ix_trips_unit'), ['unit'], unique=False)
        batch_op.create_index(batch_op.f('ix_trips_depart'), ['depart'], unique=False)
        batch_op.create_index(batch_op.f('ix_trips_return_on'), ['return_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_trips_state'), ['state'], unique=False)

    op.create_table('trip_approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trip_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('approver', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['trip_id'], ['trips.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('trip_approvals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trip_approvals_trip_id'), ['trip_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('trip_approvals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trip_approvals_trip_id'))
    op.drop_table('trip_approvals')
    with op.batch_alter_table('trips', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trips_state'))
        batch_op.drop_index(batch_op.f('ix_trips_return_on'))
        batch_op.drop_index(batch_op.f('ix_trips_depart'))
        batch_op.drop_index(batch_op.f('ix_trips_unit'))
        batch_op.drop_index(batch_op.f('ix_trips_traveller'))
    op.drop_table('trips')
