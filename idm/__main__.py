import sys

from idm.cli import main

sys.exit(main())
