"""Indexes for the thread lists: latest threads (home), unanswered threads (home, /questions)

Revision ID: d5f9b3e7a2c4
Revises: c4e8a2d6f1b3
Create Date: 2026-12-03 15:40:00

"""
from alembic import op

revision = "d5f9b3e7a2c4"
down_revision = "c4e8a2d6f1b3"
branch_labels = None
depends_on = None


def upgrade():
    # The first column of the new listing index serves what the old one did.
    op.drop_index("ix_threads_is_pinned_home", table_name="threads")
    op.create_index("ix_threads_home_listing", "threads", ["is_pinned_home", "last_activity_at", "id"])
    op.create_index("ix_threads_unanswered", "threads", ["reply_count", "last_activity_at"])


def downgrade():
    op.drop_index("ix_threads_unanswered", table_name="threads")
    op.drop_index("ix_threads_home_listing", table_name="threads")
    op.create_index("ix_threads_is_pinned_home", "threads", ["is_pinned_home"])
