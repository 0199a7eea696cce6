"""``python -m qawl`` (and ``accelerate launch -m qawl``) runs the ``qawl`` command line."""

import sys

from .cli import main

sys.exit(main())
