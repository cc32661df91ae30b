"""The tag vocabulary: thread tags and expert skills are the same tags."""
