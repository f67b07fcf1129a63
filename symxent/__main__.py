"""``python -m symxent``: the same as the ``symxent`` command."""

import sys

from symxent.cli import main

sys.exit(main())
