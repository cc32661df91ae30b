"""The commune list: its seed, the admins' maintenance, and the commune pages."""
