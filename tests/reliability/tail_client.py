#!/usr/bin/env python3
"""Connection-per-request client that times each request (issue 18's tail).

    tail_client.py --port P --seconds S [--clients C] [--slow SECONDS]
                   [--keepalive SECONDS] [--pcap FILE]

C threads (default 16) each connect to 127.0.0.1:P, send one
"Connection: close" request and read the answer to its end, for S
seconds. Each request is timed as wrk times it: from the connection's
establishment (as the client sees it) to the answer's last byte. Prints
the count, the 99.9th percentile and the worst; then, for each request
slower than --slow (default 1 s) and with --pcap (QEMU's filter-dump at
the guest's NIC, soak.sh --pcap), when its connection reached the guest:
QEMU's user network (slirp) connects to the guest from the client's own
port, so the guest's SYN from that port after the client's connect() is
that connection. A late SYN there means the seconds passed before QEMU
took the connection from the host; a prompt SYN and a late answer, inside
the guest. --keepalive T sends requests on each connection for T seconds
(wrk's keep-alive soak opens its connections afresh each run) and says
whether each slow request was its connection's first.
"""
import argparse
import socket
import threading
import time

import pcap_gaps

REQUEST = b"GET / HTTP/1.1\r\nHost: tessera\r\nConnection: close\r\n\r\n"
KEEP = b"GET / HTTP/1.1\r\nHost: tessera\r\n\r\n"


def answer(s, buf):
    """Reads one keep-alive answer (Content-Length); returns what follows."""
    while b"\r\n\r\n" not in buf:
        d = s.recv(65536)
        if not d:
            raise OSError("closed")
        buf += d
    head, _, buf = buf.partition(b"\r\n\r\n")
    n = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            n = int(line.split(b":")[1])
    while len(buf) < n:
        d = s.recv(65536)
        if not d:
            raise OSError("closed")
        buf += d
    return buf[n:]


def worker(port, until, keepalive, out):
    while time.time() < until:
        t0 = time.time()
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
        except OSError as e:
            out.append((0, t0, t0, t0, "connect: %s" % e, 0))
            continue
        t1 = time.time()
        lport = s.getsockname()[1]
        # The request being timed: its start (for a connection's first,
        # the connect() and the connection), its index on the connection.
        start, i = (t0, t1), 0
        try:
            if not keepalive:
                s.sendall(REQUEST)
                while s.recv(65536):
                    pass
                out.append((lport, t0, t1, time.time(), "", 0))
            buf, end = b"", min(until, t1 + keepalive)
            while keepalive and time.time() < end:
                s.sendall(KEEP)
                buf = answer(s, buf)
                out.append((lport, start[0], start[1], time.time(), "", i))
                i += 1
                now = time.time()
                start = (now, now)
        except OSError as e:
            out.append((lport, start[0], start[1], time.time(),
                        "read: %s" % e, i))
        s.close()


def read_pcap(path):
    """(time, port, direction, flags, payload length) of each TCP frame."""
    return [(t, port, way, fl, plen)
            for t, port, way, fl, _, _, plen, _ in pcap_gaps.frames(path)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--seconds", type=float, required=True)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--slow", type=float, default=1.0)
    ap.add_argument("--keepalive", type=float, default=0)
    ap.add_argument("--pcap")
    a = ap.parse_args()
    out = []
    until = time.time() + a.seconds
    threads = [threading.Thread(target=worker, args=(a.port, until, a.keepalive, out))
               for _ in range(a.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lat = sorted(r[3] - r[2] for r in out)
    errors = [r for r in out if r[4]]
    print("%d requests, %d errors; latency p99.9 %.3f s, worst %.3f s; "
          "connect p99.9 %.3f s, worst %.3f s" % (
              len(out), len(errors), lat[int(len(lat) * 0.999)], lat[-1],
              sorted(r[2] - r[1] for r in out)[int(len(out) * 0.999)],
              max(r[2] - r[1] for r in out)))
    slow = sorted((r for r in out if r[3] - r[2] > a.slow and r[0]),
                  key=lambda r: r[2] - r[3])
    frames = read_pcap(a.pcap) if a.pcap and slow else []
    for port, t0, t1, t2, err, i in slow:
        line = "port %d: connected %.3f s after connect(), answered %.3f s " \
               "after that%s%s" % (port, t1 - t0, t2 - t1,
                                  " (%s)" % err if err else "",
                                  ", request %d on the connection" % (i + 1)
                                  if a.keepalive else "")
        mine = [f for f in frames
                if f[1] == port and t0 - 0.01 <= f[0] <= t2 + 0.01]
        syn = next((f for f in mine if f[2] == "in" and f[3] & 0x12 == 0x02), None)
        data_in = next((f for f in mine if f[2] == "in" and f[4] > 0), None)
        data_out = next((f for f in mine if f[2] == "out" and f[4] > 0), None)
        if frames:
            def at(f):
                return "%.3f s" % (f[0] - t1) if f else "never"
            line += "; at the guest: SYN %s, request %s, answer %s" \
                    " (after the client's connection)" % (
                        at(syn), at(data_in), at(data_out))
            line += "; %d SYNs" % sum(
                1 for f in mine if f[2] == "in" and f[3] & 0x12 == 0x02)
        print(line)


if __name__ == "__main__":
    main()
