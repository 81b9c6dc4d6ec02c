"""DOCX as profdocs reads and writes it: parts, text as located blocks, fast zip I/O."""
