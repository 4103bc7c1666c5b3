def latest(*values):
    """The newest of the given dates or datetimes, ignoring missing ones."""
    present = [v for v in values if v is not None]
    return max(present) if present else None
