"""Read-only pictures of the model: the deployment tree and the listing of each cluster."""
