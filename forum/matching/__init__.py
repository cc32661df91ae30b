"""Questions meet experts: suggestions of experts for a thread, invitations, the experts'
"questions for you" page, the expert directory and the commune pages."""
