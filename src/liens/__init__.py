"""liens: which of your contacts really know you, and whom to talk to this week."""

__version__ = "0.1.0"
