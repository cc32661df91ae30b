"""Counts kept on rows for the list pages: thread and need tallies per board, local members
per commune, filled from the rows already there

Revision ID: e8b4c6a1f2d7
Revises: d5f9b3e7a2c4
Create Date: 2026-12-04 01:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = "e8b4c6a1f2d7"
down_revision = "d5f9b3e7a2c4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "thread_tallies",
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("threads", sa.Integer(), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["board_id"], ["boards.id"], name=op.f("fk_thread_tallies_board_id_boards"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("board_id", "kind", "state", name=op.f("pk_thread_tallies")),
    )
    op.create_table(
        "need_tallies",
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("needs", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["board_id"], ["boards.id"], name=op.f("fk_need_tallies_board_id_boards"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("board_id", "commune_id", "status", name=op.f("pk_need_tallies")),
    )
    with op.batch_alter_table("communes") as batch_op:
        batch_op.add_column(sa.Column("local_member_count", sa.Integer(), server_default="0", nullable=False))
    op.create_index("ix_threads_board_tally", "threads",
                    ["board_id", "is_deleted", "kind", "reply_count", "is_locked", "solution_post_id"])
    op.create_index("ix_threads_created", "threads", ["created_at", "id"])
    # What forum.threads.tallies and forum.people.communes keep from now on.
    op.execute("""
        INSERT INTO thread_tallies (board_id, kind, state, threads, posts)
        SELECT board_id, kind, state, count(*), sum(reply_count + 1) FROM (
            SELECT board_id, kind, reply_count,
                   CASE WHEN kind NOT IN ('question', 'need') THEN 'other'
                        WHEN solution_post_id IS NOT NULL THEN 'solved'
                        WHEN reply_count = 0 AND NOT is_locked THEN 'unanswered'
                        WHEN reply_count > 0 THEN 'unsolved'
                        ELSE 'other' END AS state
            FROM threads WHERE NOT is_deleted) AS live
        GROUP BY board_id, kind, state
    """)
    op.execute("""
        INSERT INTO need_tallies (board_id, commune_id, status, needs)
        SELECT t.board_id, coalesce(n.commune_id, 0), n.status, count(*)
        FROM needs n JOIN threads t ON t.id = n.thread_id
        WHERE NOT t.is_deleted AND t.kind = 'need'
        GROUP BY t.board_id, coalesce(n.commune_id, 0), n.status
    """)
    op.execute("""
        UPDATE communes SET local_member_count = (
            SELECT count(*) FROM users WHERE users.commune_id = communes.id AND users.kind IN ('commune', 'actor'))
    """)


    # A database whose planner has statistics (ANALYZE) gets them for the new indexes too:
    # without them SQLite takes ix_threads_board_tally for the board list and sorts the board.
    bind = op.get_bind()
    if bind.dialect.name != "sqlite" or bind.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
        op.execute("ANALYZE threads")


def downgrade():
    op.drop_index("ix_threads_created", table_name="threads")
    op.drop_index("ix_threads_board_tally", table_name="threads")
    with op.batch_alter_table("communes") as batch_op:
        batch_op.drop_column("local_member_count")
    op.drop_table("need_tallies")
    op.drop_table("thread_tallies")
