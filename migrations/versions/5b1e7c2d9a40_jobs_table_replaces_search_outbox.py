"""jobs table replaces search_outbox

Revision ID: 5b1e7c2d9a40
Revises: db05d972c805
Create Date: 2026-12-02 01:00:00.000000

Pending outbox rows become "search.index" jobs, so no index work is lost by the upgrade
(and the downgrade puts pending search jobs back in the outbox).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1e7c2d9a40'
down_revision = 'db05d972c805'
branch_labels = None
depends_on = None


def _on_postgres():
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    op.create_table('jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=100), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('available_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobs_kind'), ['kind'], unique=False)
        batch_op.create_index('uq_jobs_pending_dedupe_key', ['dedupe_key'], unique=True,
                              sqlite_where=sa.text('locked_until IS NULL'),
                              postgresql_where=sa.text('locked_until IS NULL'))

    payload = ("json_build_object('thread_id', thread_id, 'post_id', post_id)" if _on_postgres()
               else "json_object('thread_id', thread_id, 'post_id', post_id)")
    op.execute(f"INSERT INTO jobs (kind, payload, attempts, available_at, created_at) "
               f"SELECT 'search.index', {payload}, 0, created_at, created_at FROM search_outbox ORDER BY id")
    op.drop_table('search_outbox')


def downgrade():
    op.create_table('search_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_outbox'))
    )
    if _on_postgres():
        thread, post = "(payload->>'thread_id')::integer", "(payload->>'post_id')::integer"
    else:
        thread, post = "json_extract(payload, '$.thread_id')", "json_extract(payload, '$.post_id')"
    op.execute(f"INSERT INTO search_outbox (thread_id, post_id, created_at) "
               f"SELECT {thread}, {post}, created_at FROM jobs "
               f"WHERE kind = 'search.index' AND failed_at IS NULL ORDER BY id")
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index('uq_jobs_pending_dedupe_key')
        batch_op.drop_index(batch_op.f('ix_jobs_kind'))
    op.drop_table('jobs')
