"""The community manager's working views beside the dashboard: the needs funnel, the needs
no expert answered, and the gaps between what is asked and who could answer."""
