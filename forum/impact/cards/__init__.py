"""Capitalisation cards (fiches d'expérience): what one commune learned, for the next."""
