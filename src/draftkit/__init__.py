"""draftkit: draft Chinese official-format (GB/T 9704-2012) Word documents."""

__version__ = "0.1.0"
