import sys

try:
    from .cli import run
except KeyboardInterrupt:  # Ctrl-C while the engine is still being imported
    print("interrupted", file=sys.stderr)
    sys.exit(130)
run()
