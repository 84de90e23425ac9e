"""A terminal course on outsourcing vs. offshoring: content engine, progress storage and learner app."""

__version__ = "0.1.0"
