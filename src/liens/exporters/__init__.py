"""Contacts written back out, for a phone or Google: the other half of the round trip.

`formats/` holds the pure writers (no Django), which take the `RawIdentity` shape the readers
give, so a file written here reads back into the same fields. `records.py` is the selector that
builds one such record per person of an owner.
"""
