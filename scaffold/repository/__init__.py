"""What a repository is: its root, clusters, sync paths, names, and the convention."""
