"""Expert statistics kept on rows (answers, solutions, latest post), filled from the posts

Revision ID: c4e8a2d6f1b3
Revises: a7c3e1f2b9d4
Create Date: 2026-12-03 15:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "c4e8a2d6f1b3"
down_revision = "a7c3e1f2b9d4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "expert_stats",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("solutions", sa.Integer(), nullable=False),
        sa.Column("last_post_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_expert_stats_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_expert_stats")),
    )
    # The counts of the posts already there (what forum.matching.stats keeps from now on).
    op.execute("""
        INSERT INTO expert_stats (user_id, answers, solutions, last_post_at)
        SELECT authors.author_id,
               (SELECT count(*) FROM posts p JOIN threads t ON t.id = p.thread_id
                 WHERE p.author_id = authors.author_id AND p.number > 1 AND NOT p.is_deleted AND NOT t.is_deleted),
               (SELECT count(*) FROM threads t JOIN posts p ON p.id = t.solution_post_id
                 WHERE p.author_id = authors.author_id AND NOT p.is_deleted AND NOT t.is_deleted),
               (SELECT max(p.created_at) FROM posts p WHERE p.author_id = authors.author_id AND NOT p.is_deleted)
        FROM (SELECT DISTINCT author_id FROM posts) AS authors
    """)


def downgrade():
    op.drop_table("expert_stats")
