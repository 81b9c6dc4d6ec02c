"""The municipality's view of many schools: `profdocs report`.

collect (worker processes: load → validate → render+verify in memory) → rows → rating →
xlsx and html, both drawn from the same rows. Nothing of a school's package is written.
"""
