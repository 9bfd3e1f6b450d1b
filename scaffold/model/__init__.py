"""What each cluster deploys: one model of the repository, read by every command."""
