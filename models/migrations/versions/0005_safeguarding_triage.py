"""safeguarding_alerts: level, status, held, action taken and closing, for the DSLs' triage; a row held from a
CSV import has no raiser

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 01:00:00
"""
from alembic import op
import sqlalchemy as sa

import models.base


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('safeguarding_alerts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('level', sa.String(length=10), server_default='clear', nullable=False))
        batch_op.add_column(sa.Column('status', sa.String(length=20), server_default='open', nullable=False))
        batch_op.add_column(sa.Column('held', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('action', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('action_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('closed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key('fk_safeguarding_alerts_closed_by', 'staff', ['closed_by_id'], ['id'])
        batch_op.create_index('ix_safeguarding_alerts_status', ['status'], unique=False)
        batch_op.alter_column('raised_by_id', existing_type=sa.Integer(), nullable=True)
    # Alerts a DSL already took are acknowledged.
    op.execute("UPDATE safeguarding_alerts SET status = 'acknowledged' WHERE acknowledged_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('safeguarding_alerts', schema=None) as batch_op:
        batch_op.alter_column('raised_by_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_index('ix_safeguarding_alerts_status')
        batch_op.drop_constraint('fk_safeguarding_alerts_closed_by', type_='foreignkey')
        for column in ('closed_at', 'closed_by_id', 'action_note', 'action', 'held', 'status', 'level'):
            batch_op.drop_column(column)
