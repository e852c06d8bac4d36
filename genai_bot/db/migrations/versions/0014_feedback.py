"""feedback: AI answers offered 👍/👎 buttons (ai_answers) and the ratings people gave them (feedback)

Revision ID: 0014_feedback
Revises: 0013_controls
Create Date: 2026-12-05 07:45:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0014_feedback'
down_revision = '0013_controls'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'ai_answers',
        sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column('skill', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column('provider', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column('model', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.PrimaryKeyConstraint('ref'),
    )
    with op.batch_alter_table('ai_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ai_answers_at'), ['at'], unique=False)
    op.create_table(
        'feedback',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('answer_ref', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('user', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column('rating', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.Column('skill', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column('provider', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column('model', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['answer_ref'], ['ai_answers.ref']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('answer_ref', 'user', name='uq_feedback_answer_user'),
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_org_created', ['organisation', 'created_at'], unique=False)
        batch_op.create_index('ix_feedback_created', ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_created')
        batch_op.drop_index('ix_feedback_org_created')
    op.drop_table('feedback')
    with op.batch_alter_table('ai_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ai_answers_at'))
    op.drop_table('ai_answers')
