"""Threads and posts: the forum's conversations."""
