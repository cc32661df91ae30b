"""An index on posts for an author's last post (the experts panel)

Revision ID: a7c3e1f2b9d4
Revises: 4dde0225df70
Create Date: 2026-12-02 21:45:00

"""
from alembic import op

revision = "a7c3e1f2b9d4"
down_revision = "4dde0225df70"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_posts_author_live_created", "posts", ["author_id", "is_deleted", "created_at"])


def downgrade():
    op.drop_index("ix_posts_author_live_created", table_name="posts")
