"""Seed data for the forum (demo content); plain Python data, no logic."""
