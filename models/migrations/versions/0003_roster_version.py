"""schools.roster_version: bumped by every change to a school's pupils, classes or programmes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 06:53:37.083956
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.add_column(sa.Column('roster_version', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.drop_column('roster_version')
