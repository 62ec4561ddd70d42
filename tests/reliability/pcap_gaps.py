#!/usr/bin/env python3
"""What the guest's NIC saw of TCP connections (issue 18's tail).

    pcap_gaps.py FILE [--gap SECONDS] [--show N]

FILE is QEMU's filter-dump at the guest's NIC (soak.sh --pcap). Splits
the frames into connections (QEMU's user network connects to the guest
from the host client's port; a SYN after a FIN on that port starts the
next one), then prints: the frames and connections; the segments seen
twice in a connection (same direction, sequence and acknowledgement
numbers, flags and length: a retransmission by the guest, "out", or by
QEMU's user network, "in"); resets; and the connections with a gap over --gap seconds (default 1)
between two of their frames, the N longest (default 5) frame by frame.
No gap means every connection went from SYN to FIN at the guest without
a pause that long: a slower request waited outside the guest. Exit
status 1 when a connection paused that long, 0 when none did.
"""
import argparse
import collections
import struct
import sys

GUEST = bytes([10, 0, 2, 15])
FLAGS = ((1, "F"), (2, "S"), (4, "R"), (8, "P"), (16, "."))


def frames(path):
    with open(path, "rb") as f:
        f.read(24)
        while True:
            h = f.read(16)
            if len(h) < 16:
                return
            sec, usec, incl, _ = struct.unpack("<IIII", h)
            d = f.read(incl)
            if len(d) < 34 or d[12:14] != b"\x08\x00" or d[23] != 6:
                continue
            ihl = (d[14] & 15) * 4
            tcp = d[14 + ihl:]
            if len(tcp) < 16:
                continue
            sport, dport, seq, ack, off, fl, win = struct.unpack(
                "!HHIIBBH", tcp[:16])
            plen = struct.unpack("!H", d[16:18])[0] - ihl - (off >> 4) * 4
            out = d[26:30] == GUEST
            yield (sec + usec / 1e6, dport if out else sport,
                   "out" if out else "in", fl, seq, ack, plen, win)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pcap")
    ap.add_argument("--gap", type=float, default=1.0)
    ap.add_argument("--show", type=int, default=5)
    a = ap.parse_args()
    ports = collections.defaultdict(list)
    n = 0
    for f in frames(a.pcap):
        n += 1
        ports[f[1]].append(f)
    conns = []
    for segs in ports.values():
        cur = []
        for f in segs:
            if (f[2] == "in" and f[3] & 0x12 == 0x02 and
                    any(x[3] & 1 for x in cur)):
                conns.append(cur)
                cur = []
            cur.append(f)
        conns.append(cur)
    count = collections.Counter()
    for c in conns:
        seen = set()
        for _, _, way, fl, seq, ack, plen, _ in c:
            if fl & 3 or plen > 0:
                if (way, seq, ack, fl, plen) in seen:
                    count["retransmitted (%s)" % way] += 1
                seen.add((way, seq, ack, fl, plen))
            if fl & 4:
                count["resets (%s)" % way] += 1
    slow = []
    for c in conns:
        gap = max(((c[i + 1][0] - c[i][0], i) for i in range(len(c) - 1)),
                  default=(0, 0))
        if gap[0] > a.gap:
            slow.append((gap, c))
    slow.sort(key=lambda s: -s[0][0])
    print("%d TCP frames, %d connections; %s" % (
        n, len(conns), ", ".join("%s %d" % kv for kv in sorted(count.items()))
        or "no segment seen twice, no reset"))
    print("%d connections with a gap over %.3f s" % (len(slow), a.gap))
    for (gap, i), c in slow[:a.show]:
        print("port %d: %.3f s after frame %d" % (c[0][1], gap, i + 1))
        for t, _, way, fl, seq, ack, plen, win in c:
            print("  %8.3f %-3s %-5s seq %u ack %u len %d win %d" % (
                t - c[0][0], way, "".join(s for b, s in FLAGS if fl & b),
                seq, ack, plen, win))
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
