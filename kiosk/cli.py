"""The ``kiosk`` command. Each subcommand lives in its own module under ``kiosk/commands/``.

A command module defines ``register(subparsers)``, which adds its parser and sets ``handler``
to a function taking the parsed arguments and returning the exit code. Modules import their
heavy dependencies inside the handler so ``kiosk --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from kiosk import __version__, commands

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description="govkiosk self-service terminal (政务服务自助终端)"
    )
    parser.add_argument("--version", action="version", version=f"govkiosk {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{module_info.name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
