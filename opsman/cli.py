"""``opsman``: run the operations manager, or write a mosquitto configuration for a fleet."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from opsman.config import load
    from opsman.enrolment import authority_for, routes
    from opsman.service import OpsManager
    from opsman.web import create_app

    config = load(args.config)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    authority = authority_for(config)
    manager = OpsManager(config)
    manager.start()
    try:
        app = create_app(manager, tuple(routes(authority)) if authority else ())
        uvicorn.run(app, host=config.web.host, port=config.web.port, log_level="warning")
    finally:
        manager.stop()
    return 0


def broker_config(args: argparse.Namespace) -> int:
    from opsman.broker import BrokerTls, acl, mosquitto_conf

    pairs = []
    for number, line in enumerate(args.terminals.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            parts = line.split()
            if len(parts) != 2:
                print(f"{args.terminals}:{number}: expected 'SITE TERMINAL'", file=sys.stderr)
                return 2
            pairs.append((parts[0], parts[1]))
    args.out.mkdir(parents=True, exist_ok=True)
    acl_file = args.out / "govkiosk.acl"
    acl_file.write_text(acl(pairs, args.prefix, args.manager), encoding="utf-8")
    tls = BrokerTls(args.ca, args.cert, args.key)
    (args.out / "govkiosk.conf").write_text(
        mosquitto_conf(
            args.port, acl_file.resolve(), tls, bind=args.bind, persistence_dir=args.persistence_dir
        ),
        encoding="utf-8",
    )
    print(f"wrote {args.out}/govkiosk.conf and govkiosk.acl ({len(pairs)} terminals)")
    return 0


def enrol_code(args: argparse.Namespace) -> int:
    from opsman.config import load
    from opsman.enrolment import authority_for

    authority = authority_for(load(args.config))
    if authority is None:
        print(f"{args.config}: no [enrolment] table", file=sys.stderr)
        return 2
    code, expires = authority.issue_code(args.terminal, args.site, args.name_zh, args.name_en)
    print(
        f"enrolment code for {args.terminal} at {args.site}: {code} (valid until {expires:%Y-%m-%d %H:%M} UTC)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="opsman", description="govkiosk operations manager")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="consume fleet MQTT, serve dashboard and API")
    run.add_argument("--config", type=Path, help="opsman.toml (default: built-in defaults)")
    run.set_defaults(handler=serve)
    broker = commands.add_parser("broker-config", help="mosquitto config and ACL for a fleet")
    broker.add_argument(
        "--terminals", type=Path, required=True, help="file with one 'SITE TERMINAL' pair per line"
    )
    broker.add_argument("--out", type=Path, required=True)
    broker.add_argument("--port", type=int, default=8883)
    broker.add_argument("--bind", default="0.0.0.0")
    broker.add_argument("--prefix", default="govkiosk/v1")
    broker.add_argument(
        "--persistence-dir",
        type=Path,
        default=Path("/var/lib/mosquitto"),
        help="where the broker keeps retained messages and sessions",
    )
    broker.add_argument(
        "--manager",
        action="append",
        default=None,
        help="certificate name of a manager instance (default: opsman)",
    )
    broker.add_argument("--ca", type=Path, required=True)
    broker.add_argument("--cert", type=Path, required=True)
    broker.add_argument("--key", type=Path, required=True)
    broker.set_defaults(handler=broker_config)
    code = commands.add_parser("enrol-code", help="one-time enrolment code for a new terminal")
    code.add_argument("--config", type=Path, required=True, help="opsman.toml with [enrolment]")
    code.add_argument("terminal")
    code.add_argument("site")
    code.add_argument("--name-zh", default="", help="the site's name in Chinese")
    code.add_argument("--name-en", default="", help="the site's name in English")
    code.set_defaults(handler=enrol_code)
    args = parser.parse_args(argv)
    if getattr(args, "manager", None) is None and args.command == "broker-config":
        args.manager = ["opsman"]
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
