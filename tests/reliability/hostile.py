#!/usr/bin/env python3
"""Hostile clients against a server on 127.0.0.1 (issue 18): the HTTP
demos, nginx and Redis (the protocol-agnostic cases and malformed RESP).

Each case states its pass criterion in its docstring and checks it; every
case ends by requiring that a normal client is still served. Counts come
from --scale (short: bounded for `bazel test`, long: the issue's figures).

    hostile.py --port P --server httpepoll|httpreply|nginx|redis
               [--scale short|long]
               [--latency SECONDS] [--log CONSOLE_LOG] [CASE...]
"""
import argparse
import os
import random
import resource
import socket
import struct
import sys
import time

PAGE_MARK = {"httpepoll": b"Hello from Tessera", "httpreply": b"It works!",
             "nginx": b"nginx on Tessera", "redis": b"+PONG\r\n"}
REQUEST = b"GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
# Redis's request: PING, then QUIT (answered +OK, then the server closes).
RESP_REQUEST = b"*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nQUIT\r\n"
# A request cut where the server must wait for the rest.
PARTIAL = {"http": (b"GET / HTTP/1.1\r\nHost: x\r\n",
                    b"Connection: close\r\n\r\n"),
           "resp": (b"*1\r\n$4\r\nPI", RESP_REQUEST[len(b"*1\r\n$4\r\nPI"):])}
# What a slowloris client sends first; then a byte every 2 s. Redis's is
# a bulk string of 1,000 bytes still to come (from 32 KiB on, Redis
# allocates the whole announced length at once: 500 clients announcing
# 100,000 bytes take 50 MB, and Redis aborts out of memory at -m 64).
LORIS_START = {"http": b"GET / HTTP/1.1\r\n",
               "resp": b"*2\r\n$4\r\nECHO\r\n$1000\r\n"}

# Counts per scale: the short run fits `bazel test` on a busy 2-core host.
SCALES = {
    "short": dict(storm=100, resets=100, loris=100, loris_s=6, random=8),
    "long": dict(storm=10000, resets=5000, loris=500, loris_s=30,
                 random=200),
}
# httpreply holds a thread (and its stack) per connection: its storm is
# bounded by the guest's 64 MiB at these counts.
STORM_THREADED = {"short": 100, "long": 1000}


class Failure(Exception):
    pass


class Ctx:
    def __init__(self, args):
        self.port = args.port
        self.server = args.server
        self.latency = args.latency
        self.n = dict(SCALES[args.scale])
        if args.server == "httpreply":
            self.n["storm"] = STORM_THREADED[args.scale]
        self.mark = PAGE_MARK[args.server]
        self.log = args.log
        self.proto = "resp" if args.server == "redis" else "http"
        self.request = RESP_REQUEST if self.proto == "resp" else REQUEST

    def connect(self, timeout=30):
        s = socket.create_connection(("127.0.0.1", self.port), timeout)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return s

    def get(self, timeout=30):
        """One request on a new connection; returns (reply, seconds from
        the established connection to the whole answer). As wrk does,
        the time to connect is left out: QEMU's user network listens for
        the forwarded port with a backlog of 1, so under a storm the
        host's own SYN retransmission (1 s) would be counted."""
        s = self.connect(timeout)
        t0 = time.monotonic()
        try:
            s.sendall(self.request)
            reply = read_until_close(s, timeout)
        finally:
            s.close()
        return reply, time.monotonic() - t0

    def served(self, what, limit=None):
        """Pass: a normal client gets the page within the latency limit."""
        limit = limit or self.latency
        try:
            reply, secs = self.get(timeout=max(limit, 30))
        except OSError as e:
            raise Failure(f"{what}: a normal client failed: {e}")
        if self.mark not in reply:
            raise Failure(f"{what}: a normal client got {reply[:80]!r}")
        if secs > limit:
            raise Failure(f"{what}: a normal client waited {secs:.2f} s "
                          f"(limit {limit} s)")
        return secs


def read_until_close(s, timeout):
    s.settimeout(timeout)
    data = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
    except ConnectionResetError:
        pass
    return data


def closed_by_server(s, timeout):
    """Whether the server ends the connection (EOF or reset) in time."""
    s.settimeout(timeout)
    try:
        while s.recv(65536):
            pass
        return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def case_partial(c):
    """Headers incomplete in the first read, then a pause: others are
    served meanwhile, and the request is answered once it is complete."""
    first, rest = PARTIAL[c.proto]
    s = c.connect()
    s.sendall(first)
    time.sleep(0.5)
    for _ in range(3):
        c.served("partial request pending")
    s.sendall(rest)
    reply = read_until_close(s, 30)
    s.close()
    if c.mark not in reply:
        raise Failure(f"completed partial request answered {reply[:80]!r}")


def case_nuls(c):
    """4,096 NUL bytes on one connection: others are still served."""
    s = c.connect()
    s.sendall(b"\0" * 4096)
    time.sleep(0.5)
    c.served("4096 NULs pending")
    s.close()


def case_pipeline(c):
    """Three requests in one segment get three answers, in order."""
    if c.server not in ("httpepoll", "nginx"):
        return
    s = c.connect()
    s.sendall(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n" * 2 + REQUEST)
    reply = read_until_close(s, 30)
    s.close()
    if reply.count(b"HTTP/1.1 200 OK") != 3:
        raise Failure(f"3 pipelined requests: {reply.count(b'200 OK')} "
                      "answers")


def case_segments(c):
    """A request sent one byte per segment is answered (httpreply answers
    whatever its first read returns, and closes: sending stops there)."""
    s = c.connect()
    try:
        for b in c.request:
            s.send(bytes([b]))
            time.sleep(0.01)
    except OSError:
        pass
    reply = read_until_close(s, 30)
    s.close()
    if c.mark not in reply:
        raise Failure(f"1-byte segments answered {reply[:80]!r}")


def case_idle(c):
    """A client that connects and sends nothing blocks nobody."""
    s = c.connect()
    time.sleep(0.5)
    c.served("one idle client")
    s.close()


def case_oversized(c):
    """An 8 KiB request line and 8 KiB of headers: refused or closed,
    never a hang, and others are served."""
    if c.proto != "http":
        return
    for req in (b"GET /" + b"a" * 8192 + b" HTTP/1.1\r\n\r\n",
                b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 1024 + b"\r\n"):
        s = c.connect()
        try:
            s.sendall(req)
        except OSError:
            pass
        if not closed_by_server(s, 30):
            raise Failure("an oversized request was neither answered "
                          "nor closed within 30 s")
        s.close()
        c.served("after an oversized request")


def case_greetings(c):
    """A TLS ClientHello, an SSH greeting and random bytes: each closed
    or answered, and others served."""
    hello = bytes.fromhex("16030100" "2f" "0100002b0303") + os.urandom(32) + \
        bytes.fromhex("000002002f0100")
    rng = random.Random(18)
    blobs = [hello, b"SSH-2.0-OpenSSH_9.2\r\n"]
    blobs += [rng.randbytes(rng.randint(1, 6000))
              for _ in range(c.n["random"])]
    for blob in blobs:
        s = c.connect()
        try:
            s.sendall(blob)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        if not closed_by_server(s, 30):
            raise Failure(f"{blob[:16]!r}...: not closed within 30 s")
        s.close()
    c.served("after greetings and random bytes")


def case_halfclose(c):
    """A client that shuts down its sending side before sending is
    closed by the server."""
    s = c.connect()
    s.shutdown(socket.SHUT_WR)
    if not closed_by_server(s, 30):
        raise Failure("half-closed client not closed within 30 s")
    s.close()
    c.served("after a half-close")


def case_resets(c):
    """Connect-then-reset storm (SO_LINGER 0): the server still accepts
    and serves afterwards."""
    linger = struct.pack("ii", 1, 0)
    for _ in range(c.n["resets"]):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        try:
            s.connect(("127.0.0.1", c.port))
        except OSError:
            pass
        s.close()
    # The guest works through its backlog first.
    for _ in range(3):
        c.served("after the reset storm", limit=max(c.latency, 30))
    c.served("after the reset storm")


def wait_console(c, line, timeout):
    """Whether the guest's console (--log) shows line within timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(c.log, "rb") as f:
            if line in f.read():
                return True
        time.sleep(0.5)
    return False


def case_storm(c):
    """Many idle connections at once: the guest holds them all (httpepoll
    with --log: its console counts the connections it has accepted and
    holds), and a new client is still served within the latency limit."""
    n = c.n["storm"]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 64), hard))
    if hard < n + 64:
        raise Failure(f"the host allows {hard} descriptors, {n} needed")
    socks = []
    t0 = time.monotonic()
    try:
        for _ in range(n):
            socks.append(c.connect())
        opened = time.monotonic() - t0
        held = ""
        if c.log and c.server == "httpepoll":
            line = f"httpepoll: {n - n % 100} connections open".encode()
            if not wait_console(c, line, 120):
                raise Failure(f"the guest never held {n - n % 100} "
                              "connections at once")
            held = f", all held by the guest after {time.monotonic() - t0:.0f} s"
        secs = c.served(f"{n} idle connections open")
        print(f"  {n} idle connections opened in {opened:.0f} s{held}: "
              f"a new client served in {secs:.3f} s")
    finally:
        for s in socks:
            s.close()


def case_slowloris(c):
    """Clients sending a header byte every 2 s: a normal client is served
    within the latency limit throughout."""
    n, secs = c.n["loris"], c.n["loris_s"]
    socks = []
    for _ in range(n):
        s = c.connect()
        s.sendall(LORIS_START[c.proto])
        socks.append(s)
    stop = time.monotonic() + secs
    worst = 0.0
    try:
        while time.monotonic() < stop:
            for s in socks:
                try:
                    s.send(b"X")
                except OSError:
                    pass
            t_end = time.monotonic() + 2
            while time.monotonic() < t_end:
                worst = max(worst, c.served(f"{n} slowloris clients"))
    finally:
        for s in socks:
            s.close()
    print(f"  {n} slowloris clients: worst normal client {worst:.3f} s")


# Malformed RESP, each a protocol error in Redis (reading of multibulk
# and bulk lengths, inline commands).
BAD_RESP = [b"*abc\r\n", b"*2147483648\r\n", b"*1\r\n$-5\r\n",
            b"*1\r\n$99999999999\r\n", b"*1\r\nX\r\n",
            b'SET "a b\r\n',
            b"x" * 70000]


def case_resp(c):
    """Redis: malformed RESP (bad multibulk and bulk lengths, a missing $,
    unbalanced quotes, a 70,000-byte inline
    request) is answered with an error and closed within 30 s."""
    if c.proto != "resp":
        return
    for blob in BAD_RESP:
        s = c.connect()
        try:
            s.sendall(blob)
        except OSError:
            pass
        reply, closed = read_until_close_or(s, 30)
        s.close()
        if not closed:
            raise Failure(f"{blob[:24]!r}: not closed within 30 s")
        if reply and not reply.startswith(b"-ERR"):
            raise Failure(f"{blob[:24]!r}: answered {reply[:60]!r}")
    c.served("after malformed RESP")


def read_until_close_or(s, timeout):
    """What the server sends until it ends the connection, and whether it
    ended it (EOF or reset) within timeout."""
    s.settimeout(timeout)
    deadline = time.monotonic() + timeout
    data = b""
    try:
        while time.monotonic() < deadline:
            b = s.recv(65536)
            if not b:
                return data, True
            data += b
    except ConnectionResetError:
        return data, True
    except socket.timeout:
        pass
    return data, False


CASES = {name[5:]: fn for name, fn in globals().items()
         if name.startswith("case_")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--server", choices=PAGE_MARK, required=True)
    ap.add_argument("--scale", choices=SCALES, default="short")
    ap.add_argument("--latency", type=float, default=1.0)
    ap.add_argument("--log", help="the guest's console log (storm counts)")
    ap.add_argument("--skip", action="append", default=[], metavar="CASE",
                    help="a case not to run (run.sh runs the storm "
                    "between two guests instead)")
    ap.add_argument("cases", nargs="*", metavar="CASE")
    args = ap.parse_args()
    for name in args.cases + args.skip:
        if name not in CASES:
            ap.error(f"unknown case {name}; cases: {' '.join(CASES)}")
    c = Ctx(args)
    failed = 0
    for name in [n for n in args.cases or CASES if n not in args.skip]:
        t0 = time.monotonic()
        try:
            CASES[name](c)
            c.served(f"after {name}")
            print(f"PASS {name} ({time.monotonic() - t0:.1f} s)")
        except Failure as e:
            print(f"FAIL {name}: {e}")
            failed += 1
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
