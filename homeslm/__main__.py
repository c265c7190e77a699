"""``python -m homeslm``: the same as the ``homeslm`` command."""

from __future__ import annotations

import sys

from homeslm.cli import main

if __name__ == "__main__":
    sys.exit(main())
