"""`new`: render the Copier template for a cluster and put it in place."""
