"""The community manager's tools and the moderation log."""
