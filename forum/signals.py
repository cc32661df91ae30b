"""Signals sent by services after commit, for downstream packages (search, notifications)."""

from blinker import Namespace

_signals = Namespace()

post_created = _signals.signal("post-created")
post_edited = _signals.signal("post-edited")
post_deleted = _signals.signal("post-deleted")
thread_changed = _signals.signal("thread-changed")
