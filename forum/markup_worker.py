"""Preloaded by the fork server of forum.markup's helpers: Python-Markdown imports its
extensions and compiles its patterns on first use, bleach its parser, so the server renders
once and every helper forked from it starts warm (milliseconds for a first post, not 0.5 s)."""

from forum.markup import render_unbounded

render_unbounded("*Bonjour* [lien](https://example.org) https://example.org\n\n- a\n\n| a |\n|---|\n| b |")
