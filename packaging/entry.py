"""PyInstaller entry point: the same `dripos-terminal` command line as the installed console script."""

import sys

from dripos_terminal.cli import main

if __name__ == "__main__":
    sys.exit(main())
