"""homeslm's version, in a module of its own so that the plugin manager can name it without importing
the package's public surface (which imports the plugin machinery)."""

__version__ = "0.1.0"
