"""Boards: the PCD axes, and the admins' board management."""
