"""Users, their profiles and roles."""
