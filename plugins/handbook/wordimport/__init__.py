"""Bringing Word policies into the handbook: `handbook import`.

Most settings hold their policies as .docx files written from local authority or
membership-body templates. This package turns each one into a draft Markdown
document with valid front matter, carrying over what Word holds (headings, lists,
tables, links, images, the policy details table) and leaving `[FILL IN: ...]`
placeholders, which `handbook check` lists, for everything else.

It does not import MkDocs: the CLI (`handbook.cli`) is a thin adapter over
`importer.import_paths`.
"""
