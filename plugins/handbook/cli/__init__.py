"""The `handbook` command line: a thin adapter over the domain core."""
