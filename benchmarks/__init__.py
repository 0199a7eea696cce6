"""Speed measurements (run as scripts; never timed tests)."""
