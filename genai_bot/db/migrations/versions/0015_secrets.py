"""secrets kept encrypted at rest (genai_bot.db.encrypted): the Entra ID token cache of the Graph calendar

No secret was stored in the database before this revision (tokens, client secrets and webhook URLs lived only in
settings), so there is no plain text to encrypt: the table starts empty and every value is a Fernet token.

Revision ID: 0015_secrets
Revises: 0014_feedback
Create Date: 2026-12-05 07:40:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0015_secrets'
down_revision = '0014_feedback'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'stored_secrets',
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade() -> None:
    op.drop_table('stored_secrets')
