"""``python -m lineage_kit.cli``: the same as the ``lineage-kit`` command."""

import sys

from . import main

if __name__ == "__main__":
    sys.exit(main())
