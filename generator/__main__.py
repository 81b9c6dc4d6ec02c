"""`python -m generator …` is `profdocs …`: for a checkout without the script on PATH."""

from .cli import main

main()
