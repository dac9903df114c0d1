"""Policy history from git: every version of every document, for inspectors.

`git_repo` holds all git I/O; `policy_versions` turns commits into each
document's versions (a policy's version, from its front matter, not a published
edition of the site, which `handbook.editions` handles with mike); `diff` renders
readable differences; `amendments` lists changes across the handbook.
"""
