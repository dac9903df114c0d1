"""The MkDocs side of the handbook: a thin adapter over the domain core."""
