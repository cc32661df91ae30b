"""The jobs that upstream packages enqueue (threads, matching), turned into notifications
(forum.notifications.fanout); registered by init_app in every process, workers included."""

from forum.jobs import handler

from .fanout import EVENTS

for _kind, _function in EVENTS.items():
    handler(_kind)(_function)
