"""Staff sign-off: who has confirmed which version of which document.

Records and the staff roster are CSV files a manager keeps outside the docs
folder; they hold staff names, so only internal builds and the `handbook
signoff` commands ever read them.
"""
