"""From database rows to index documents."""

from html import unescape
from html.parser import HTMLParser

from sqlalchemy import select

from forum.threads.models import Post, Thread, thread_tags


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


def thread_documents(session, thread_ids) -> tuple[list[str], list[dict]]:
    """(every post id of these threads, documents for the live ones).

    Deleting every post id first and adding the live documents makes applying the same
    outbox row twice harmless.
    """
    thread_ids = list(thread_ids)
    threads = {t.id: t for t in session.scalars(select(Thread).where(Thread.id.in_(thread_ids)))}
    tags: dict[int, list[str]] = {}
    for thread_id, tag_id in session.execute(
        select(thread_tags.c.thread_id, thread_tags.c.tag_id).where(thread_tags.c.thread_id.in_(thread_ids))
    ):
        tags.setdefault(thread_id, []).append(str(tag_id))
    all_ids, documents = [], []
    posts = session.execute(
        select(Post.id, Post.thread_id, Post.author_id, Post.number, Post.body_html, Post.created_at, Post.is_deleted)
        .where(Post.thread_id.in_(thread_ids))
    )
    for post in posts:
        all_ids.append(str(post.id))
        thread = threads.get(post.thread_id)
        if post.is_deleted or thread is None or thread.is_deleted:
            continue
        documents.append(post_document(post, thread, tags.get(thread.id, [])))
    return all_ids, documents


def post_document(post, thread, tag_ids) -> dict:
    text = plain_text(post.body_html)
    return {
        "post_id": str(post.id),
        "thread_id": thread.id,
        "board_id": thread.board_id,
        "tag_ids": ",".join(tag_ids),
        "author_id": post.author_id,
        "kind": thread.kind,
        "solved": thread.solution_post_id is not None,
        "locked": thread.is_locked,
        "is_first": post.number == 1,
        # Whoosh DATETIME wants naive values; every datetime here is UTC.
        "created": post.created_at.replace(tzinfo=None),
        "title": thread.title,
        "body": text,
        "spell": f"{thread.title}\n{text}",
    }
