import sys

try:
    from .cli import main

    sys.exit(main())
except KeyboardInterrupt:  # Ctrl-C while the engine is still being imported
    print("interrupted", file=sys.stderr)
    sys.exit(130)
