"""Registration, login and logout (accounts themselves live in forum.people)."""
