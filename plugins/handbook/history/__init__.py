"""Policy history from git: every version of every document, for inspectors.

`git_utils` holds all git I/O; `versions` turns commits into document
histories; `diff` renders readable differences; `amendments` lists changes
across the handbook.
"""
