"""Writing the manifests of the layout: add, seal, and what they are built from."""
