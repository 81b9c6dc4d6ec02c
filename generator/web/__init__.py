"""`profdocs serve`: a local web form that writes the school's YAML profile.

The profile stays the source of truth; the form is generated from the pydantic model
(`spec`), written back with ruamel.yaml so comments and order survive (`merge`, `yamldoc`),
and checked with the very `validate_text` that `profdocs validate` runs (`service`).
"""
