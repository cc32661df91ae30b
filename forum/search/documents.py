"""From database rows to index documents."""

from datetime import date
from html import unescape
from html.parser import HTMLParser

from sqlalchemy import or_, select

from forum.threads.models import Need, Post, Thread, ThreadKind, thread_tags


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "br", "li", "tr", "pre", "blockquote", "h2", "h3", "h4", "h5", "h6"):
            self.parts.append("\n")


def plain_text(body_html: str) -> str:
    """The words of a rendered post, without markup (what is indexed and what snippets show)."""
    extractor = _TextExtractor()
    extractor.feed(body_html)
    extractor.close()
    return unescape("".join(extractor.parts)).strip()


def documents_for(session, thread_ids, post_ids=()) -> tuple[list[str], list[dict]]:
    """(post ids to delete from the index, documents to add) for whole threads and single posts.

    Every post id concerned is deleted first and the live ones added back, so applying the
    same outbox row twice is harmless.
    """
    thread_ids, post_ids = set(thread_ids), set(post_ids)
    posts = list(session.execute(
        select(Post.id, Post.thread_id, Post.author_id, Post.number, Post.body_html, Post.created_at, Post.is_deleted)
        .where(or_(Post.thread_id.in_(thread_ids), Post.id.in_(post_ids)))
    ))
    needed = {post.thread_id for post in posts}
    threads = {t.id: t for t in session.scalars(select(Thread).where(Thread.id.in_(needed)))}
    need_statuses = dict(session.execute(select(Need.thread_id, Need.status).where(Need.thread_id.in_(needed))).all())
    tags: dict[int, list[str]] = {}
    for thread_id, tag_id in session.execute(
        select(thread_tags.c.thread_id, thread_tags.c.tag_id).where(thread_tags.c.thread_id.in_(needed))
    ):
        tags.setdefault(thread_id, []).append(str(tag_id))
    deletions = [str(post_id) for post_id in post_ids]
    documents = []
    for post in posts:
        deletions.append(str(post.id))
        thread = threads.get(post.thread_id)
        if post.is_deleted or thread is None or thread.is_deleted:
            continue
        need_status = need_statuses.get(thread.id, "") if thread.kind == ThreadKind.NEED else ""
        documents.append(post_document(post, thread, tags.get(thread.id, []), need_status))
    return sorted(set(deletions)), documents


def day_number(day: date) -> int:
    return (day - date(1970, 1, 1)).days


def post_document(post, thread, tag_ids, need_status: str = "") -> dict:
    text = plain_text(post.body_html)
    return {
        "post_id": str(post.id),
        "thread_id": thread.id,
        "board_id": thread.board_id,
        "tag_ids": ",".join(tag_ids),
        "author_id": post.author_id,
        "kind": thread.kind,
        "need_status": need_status,
        "solved": thread.solution_post_id is not None,
        "locked": thread.is_locked,
        "is_first": post.number == 1,
        # Whoosh DATETIME wants naive values; every datetime here is UTC.
        "created": post.created_at.replace(tzinfo=None),
        "day": day_number(post.created_at.date()),
        # The title is the thread's: indexed once, with its first post. Copied into every
        # reply it multiplied the title's postings by the thread's length, and a search
        # scores every post that holds a word.
        "title": thread.title if post.number == 1 else "",
        "body": text,
        "spell": f"{thread.title}\n{text}" if post.number == 1 else text,
    }
