"""``kiosk-platform-sim``: run the reference platform server until interrupted."""

from __future__ import annotations

import argparse
import base64
import logging
import signal
import ssl
import sys
from pathlib import Path

from platform_sim.catalogue import DEMO_CATALOGUE, DEMO_SIGNING_KEY, CatalogueError
from platform_sim.faults import Faults


def _enrolment(text: str) -> tuple[str, bytes]:
    terminal_id, _, key = text.partition("=")
    try:
        raw = base64.b64decode(key, validate=True)
    except ValueError:
        raw = b""
    if not terminal_id or len(raw) != 32:
        raise argparse.ArgumentTypeError("expected TERMINAL_ID=BASE64_ED25519_PUBLIC_KEY")
    return terminal_id, raw


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-platform-sim", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="listen address (default loopback)")
    parser.add_argument("--port", type=int, default=8700, help="0 picks a free port")
    parser.add_argument("--port-file", type=Path, help="write the port here once listening")
    parser.add_argument("--data-dir", type=Path, default=Path("platform-sim-data"))
    parser.add_argument("--catalogue", type=Path, default=DEMO_CATALOGUE,
                        help="catalogue JSON file or directory published as version 1")
    parser.add_argument("--signing-key", type=Path, default=DEMO_SIGNING_KEY,
                        help="Ed25519 PEM key signing catalogue manifests and login codes")
    parser.add_argument("--enrol", type=_enrolment, action="append", default=[],
                        metavar="ID=PUBKEY", help="enrol a terminal (kiosk platform-key prints it)")
    for name, text in (("latency", "seconds of delay per request"),
                       ("error-rate", "share answered 503"),
                       ("drop-rate", "share processed but left unanswered"),
                       ("truncate-rate", "share of answers cut short")):
        parser.add_argument(f"--{name}", type=float, default=0.0, help=text)
    parser.add_argument("--seed", type=int, help="repeatable fault draws")
    parser.add_argument("--tls-cert", type=Path, help="serve HTTPS with this PEM certificate chain")
    parser.add_argument("--tls-key", type=Path, help="private key of --tls-cert")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    from platform_sim.server import PlatformServer

    faults = Faults(latency_s=args.latency, error_rate=args.error_rate, drop_rate=args.drop_rate,
                    truncate_rate=args.truncate_rate, seed=args.seed)
    try:
        tls = None
        if args.tls_cert:
            tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls.load_cert_chain(args.tls_cert, args.tls_key)
        server = PlatformServer(args.data_dir, host=args.host, port=args.port,
                                catalogue_source=args.catalogue, signing_key=args.signing_key,
                                terminals=dict(args.enrol), faults=faults, tls=tls)
    except (CatalogueError, OSError, ssl.SSLError) as exc:
        print(f"kiosk-platform-sim: {exc}", file=sys.stderr)
        return 1
    if args.port_file:
        args.port_file.write_text(str(server.httpd.server_address[1]))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"reference platform on {server.base_url} (data in {args.data_dir})", flush=True)
    try:
        server.httpd.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
