"""Serve a device simulator on a pty or a TCP port, with a line-based control port.

A simulator is transport-free: ``receive(bytes) -> reply bytes`` for the wire and
``control(line) -> reply line`` for scripted faults. :class:`SimulatorServer` puts it on a new
pty (the driver opens the slave's path) or on ``socket://127.0.0.1:PORT``; :func:`serve_control`
answers control lines on 127.0.0.1. :func:`add_serve_options` and :func:`run` are the command
line every simulator shares (``--pty | --tcp PORT``, ``--control PORT``, ``--fault CMD``);
:class:`ReplyFaults` the reply faults they script alike (``go_silent``, ``no_reply``,
``slow_reply S``).
"""

from __future__ import annotations

import argparse
import os
import select
import socket
import socketserver
import sys
import termios
import threading
import time
import tty
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

__all__ = [
    "ReplyFaults",
    "Simulator",
    "SimulatorServer",
    "WirePacer",
    "add_serve_options",
    "run",
    "serve_control",
    "tell",
]


class Simulator(Protocol):
    def receive(self, data: bytes) -> bytes: ...

    def control(self, line: str) -> str: ...


@dataclass
class ReplyFaults:
    """Reply faults scripted alike on every simulator: ``go_silent``, ``no_reply`` (the next
    reply is not sent), ``slow_reply S``. A simulator's state dataclass extends this."""

    silent: bool = False
    skip_replies: int = 0
    reply_delay_s: float = 0.0

    def script(self, word: str, arg: str) -> bool:
        """Apply control ``word`` if it is one of these faults (ValueError: bad number)."""
        match word:
            case "go_silent":
                self.silent = True
            case "no_reply":
                self.skip_replies += 1
            case "slow_reply":
                self.reply_delay_s = float(arg)
            case _:
                return False
        return True

    def swallow(self) -> bool:
        """True if the reply due now is not sent (silent, or a scripted ``no_reply``)."""
        if self.silent:
            return True
        if self.skip_replies:
            self.skip_replies -= 1
            return True
        return False


class WirePacer:
    """Holds each chunk for its time on a serial line at ``baudrate`` (8N1: 10 bits a byte)."""

    def __init__(self, baudrate: float | None) -> None:
        self.baudrate = baudrate
        self._free_at = 0.0

    def take(self, n_bytes: int) -> None:
        if not self.baudrate:
            return
        now = time.monotonic()
        self._free_at = max(self._free_at, now) + n_bytes * 10 / self.baudrate
        if self._free_at > now:
            time.sleep(self._free_at - now)


def serve_control(control: Callable[[str], str], port: int = 0) -> socketserver.ThreadingTCPServer:
    """Answer each line on 127.0.0.1:``port`` (0: any free port) with ``control(line)``.

    Serves on a daemon thread; stop it with ``shutdown()`` and ``server_close()``."""

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            for raw in self.rfile:
                self.wfile.write(control(raw.decode("utf-8", "replace")).encode() + b"\n")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    threading.Thread(
        target=server.serve_forever, args=(0.2,), daemon=True, name="sim-control"
    ).start()
    return server


class SimulatorServer:
    """Serves a simulator on a pty or TCP port plus a TCP control port.

    With ``baudrate`` every byte in and out takes its wire time, so timings match a real line.
    ``stop()`` also calls the simulator's ``close()`` if it has one."""

    def __init__(self, simulator: Simulator, baudrate: float | None = None) -> None:
        self.simulator = simulator
        self.pacer = WirePacer(baudrate)
        self.address = ""
        self.control_port = 0
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._closers: list[Callable[[], None]] = []

    def start_pty(self) -> str:
        master, slave = os.openpty()
        tty.setraw(slave, termios.TCSANOW)
        self.address = os.ttyname(slave)
        self._closers += [lambda: os.close(master), lambda: os.close(slave)]
        self._spawn(self._serve_fd, master)
        return self.address

    def start_tcp(self, port: int = 0) -> str:
        listener = socket.create_server(("127.0.0.1", port))
        self.address = f"socket://127.0.0.1:{listener.getsockname()[1]}"
        self._closers.append(listener.close)
        self._spawn(self._serve_tcp, listener)
        return self.address

    def start_control(self, port: int = 0) -> int:
        server = serve_control(self.simulator.control, port)
        self.control_port = server.server_address[1]
        self._closers += [server.shutdown, server.server_close]
        return self.control_port

    def stop(self) -> None:
        self._stop.set()
        for close in self._closers:
            close()
        for thread in self._threads:
            thread.join(timeout=2)
        close_simulator = getattr(self.simulator, "close", None)
        if close_simulator is not None:
            close_simulator()

    def _spawn(self, target: Callable, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True, name="device-sim")
        thread.start()
        self._threads.append(thread)

    def _serve_fd(self, fd: int) -> None:
        while not self._stop.is_set():
            if not select.select([fd], [], [], 0.1)[0]:
                continue
            try:
                data = os.read(fd, 4096)
            except OSError:
                return
            if not data:
                return
            self._handle(data, lambda reply: os.write(fd, reply))

    def _serve_tcp(self, listener: socket.socket) -> None:
        listener.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:  # TimeoutError included: look at the stop flag again
                continue
            with conn:
                conn.settimeout(0.1)
                while not self._stop.is_set():
                    try:
                        data = conn.recv(4096)
                    except TimeoutError:
                        continue
                    except OSError:
                        break
                    if not data:
                        break
                    self._handle(data, conn.sendall)

    def _handle(self, data: bytes, send: Callable[[bytes], object]) -> None:
        self.pacer.take(len(data))
        reply = self.simulator.receive(data)
        if reply:
            self.pacer.take(len(reply))
            send(reply)


def add_serve_options(
    parser: argparse.ArgumentParser, fault_example: str, with_tell: bool = True
) -> None:
    """``--pty | --tcp PORT``, ``--control PORT``, ``--fault CMD`` and (``with_tell``) ``--tell CMD``."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--pty", action="store_true", help="serve on a new pty (default)")
    where.add_argument("--tcp", type=int, metavar="PORT", help="serve on 127.0.0.1:PORT")
    parser.add_argument(
        "--control",
        type=int,
        default=0,
        metavar="PORT",
        help="control port on 127.0.0.1 (default: any free port)",
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="CMD",
        help=f"control command applied at start, e.g. --fault {fault_example}",
    )
    if with_tell:
        parser.add_argument(
            "--tell",
            metavar="CMD",
            help="send CMD to a running simulator's --control port and exit",
        )


def tell(port: int, command: str) -> int:
    """Send one control line to a simulator on 127.0.0.1:``port`` and print its answer."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
            conn.sendall(command.encode() + b"\n")
            conn.shutdown(socket.SHUT_WR)
            print(conn.makefile(encoding="utf-8").read().rstrip())
    except OSError as exc:
        print(f"no simulator control port at 127.0.0.1:{port}: {exc}", file=sys.stderr)
        return 1
    return 0


def run(
    simulator: Simulator, args: argparse.Namespace, banner: str, baudrate: float | None = None
) -> int:
    """Apply ``--fault``s, serve until interrupted (``KeyboardInterrupt`` propagates), stop.

    ``banner`` is printed once serving, with ``{address}`` and ``{control}`` filled in."""
    for fault in args.fault:
        print(simulator.control(fault), flush=True)
    server = SimulatorServer(simulator, baudrate)
    address = server.start_tcp(args.tcp) if args.tcp is not None else server.start_pty()
    control = server.start_control(args.control)
    print(banner.format(address=address, control=control), flush=True)
    try:
        threading.Event().wait()
    finally:
        server.stop()
    return 0
