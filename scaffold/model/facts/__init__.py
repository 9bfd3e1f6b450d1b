"""What one pass over each file learns, cached between runs."""
