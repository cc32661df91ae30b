"""Linking records (mises en relation): what an exchange on the forum led to."""
