"""A plugin that needs a package that is not installed."""

import homeslm_no_such_package  # noqa: F401
