#!/usr/bin/env python3
"""pcap_gaps.py on a made-up capture: a prompt connection, then one whose
SYN-ACK the guest sends again 3 s later, then the first one's port
reused. Pass: 3 connections, the retransmission counted as the guest's,
only the second connection reported, with its 3 s gap; exit status 1;
and 0 with --gap above 3 s."""
import os
import struct
import subprocess
import sys
import tempfile

GUEST, HOST = bytes([10, 0, 2, 15]), bytes([10, 0, 2, 2])


def frame(t, out, port, flags, seq, ack, data=0):
    src, dst = (GUEST, HOST) if out else (HOST, GUEST)
    sport, dport = (8123, port) if out else (port, 8123)
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags,
                      65535, 0, 0) + b"x" * data
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0, 0, 64, 6,
                     0, src, dst) + tcp
    eth = b"\x52\x54\x00\x12\x34\x56" * 2 + b"\x08\x00" + ip
    return struct.pack("<IIII", int(t), int(t % 1 * 1e6), len(eth),
                       len(eth)) + eth


def connection(t, port, synack_again=0.0):
    f = [frame(t, False, port, 0x02, 100, 0),
         frame(t + 0.001, True, port, 0x12, 500, 101)]
    if synack_again:
        f.append(frame(t + synack_again, True, port, 0x12, 500, 101))
    t += synack_again + 0.002
    return f + [frame(t, False, port, 0x18, 101, 501, 10),
                frame(t + 0.001, True, port, 0x19, 501, 111, 20),
                frame(t + 0.002, False, port, 0x11, 111, 522),
                frame(t + 0.003, True, port, 0x10, 522, 112)]


def main():
    frames = (connection(1000.0, 40000) + connection(1000.5, 40002, 3.0) +
              connection(1001.0, 40000))
    frames.sort(key=lambda b: struct.unpack("<II", b[:8]))
    tool = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "pcap_gaps.py")
    with tempfile.NamedTemporaryFile(suffix=".pcap") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        f.write(b"".join(frames))
        f.flush()
        r = subprocess.run([sys.executable, tool, f.name],
                           capture_output=True, text=True)
        print(r.stdout, r.stderr)
        want = ["19 TCP frames, 3 connections; retransmitted (out) 1",
                "1 connections with a gap over 1.000 s",
                "port 40002: 2.999 s after frame 2"]
        for line in want:
            if line not in r.stdout:
                sys.exit("FAIL: no line '%s'" % line)
        if "port 40000" in r.stdout or r.returncode != 1:
            sys.exit("FAIL: a prompt connection reported, or status %d"
                     % r.returncode)
        r = subprocess.run([sys.executable, tool, f.name, "--gap", "3.5"],
                           capture_output=True, text=True)
        if r.returncode != 0 or "0 connections with a gap" not in r.stdout:
            sys.exit("FAIL: --gap 3.5: status %d\n%s" % (r.returncode,
                                                        r.stdout))
    print("PASS")


if __name__ == "__main__":
    main()
