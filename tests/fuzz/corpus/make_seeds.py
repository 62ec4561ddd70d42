#!/usr/bin/env python3
"""Writes the binary seeds of madt_fuzz and fdt_fuzz (corpus/madt,
corpus/fdt): small MADTs and flattened device trees shaped like QEMU's,
plus a few broken ones. Run from this directory; the seeds are committed.
"""
import os
import struct


def madt(entries, lapic=0xFEE00000, flags=1):
    body = struct.pack("<II", lapic, flags) + b"".join(entries)
    hdr = b"APIC" + struct.pack("<IBB6s8sIII", 36 + len(body), 4, 0,
                                b"TESSER", b"SEEDMADT", 1, 0, 0)
    return hdr + body


def lapic(uid, apic_id, fl=1):
    return struct.pack("<BBBBI", 0, 8, uid, apic_id, fl)


def ioapic(ioid, addr, gsi):
    return struct.pack("<BBBBII", 1, 12, ioid, 0, addr, gsi)


def iso(source, gsi, fl):
    return struct.pack("<BBBBIH", 2, 10, 0, source, gsi, fl)


def lapic_nmi():
    return struct.pack("<BBBHB", 4, 6, 0xFF, 5, 1)


def override(addr):
    return struct.pack("<BBHQ", 5, 12, 0, addr)


def x2apic(x2id, uid, fl=1):
    return struct.pack("<BBHIII", 9, 16, 0, x2id, fl, uid)


class Fdt:
    """A flattened device tree (devicetree specification v0.4, ch. 5)."""

    def __init__(self):
        self.struct = b""
        self.strings = b""
        self.offsets = {}

    def _str(self, name):
        if name not in self.offsets:
            self.offsets[name] = len(self.strings)
            self.strings += name.encode() + b"\0"
        return self.offsets[name]

    @staticmethod
    def _pad(b):
        return b + b"\0" * (-len(b) % 4)

    def begin(self, name):
        self.struct += struct.pack(">I", 1) + self._pad(name.encode() + b"\0")

    def end(self):
        self.struct += struct.pack(">I", 2)

    def prop(self, name, value):
        if isinstance(value, str):
            value = value.encode() + b"\0"
        elif isinstance(value, list) and value and isinstance(value[0], str):
            value = b"".join(v.encode() + b"\0" for v in value)
        elif isinstance(value, list):
            value = struct.pack(">%dI" % len(value), *value)
        self.struct += struct.pack(">III", 3, len(value), self._str(name))
        self.struct += self._pad(value)

    def blob(self):
        st = self.struct + struct.pack(">I", 9)
        rsv = b"\0" * 16
        off_rsv = 40
        off_struct = off_rsv + len(rsv)
        off_strings = off_struct + len(st)
        total = off_strings + len(self.strings)
        hdr = struct.pack(">10I", 0xD00DFEED, total, off_struct, off_strings,
                          off_rsv, 17, 16, 0, len(self.strings), len(st))
        return hdr + rsv + st + self.strings


def virt_tree(acells=2, scells=2, bus=False, bad_irq=False):
    def cells(v, n):
        return [v >> 32, v & 0xFFFFFFFF] if n == 2 else [v][:n]

    def reg(addr, size, a=acells, s=scells):
        return cells(addr, a) + cells(size, s)

    t = Fdt()
    t.begin("")
    t.prop("#address-cells", [acells])
    t.prop("#size-cells", [scells])
    t.prop("compatible", "linux,dummy-virt")
    t.begin("intc@8000000")
    t.prop("compatible", "arm,cortex-a15-gic")
    t.prop("reg", reg(0x8000000, 0x10000) + reg(0x8010000, 0x10000))
    t.prop("interrupt-controller", b"")
    t.prop("#interrupt-cells", [3])
    t.end()
    t.begin("pl011@9000000")
    t.prop("compatible", ["arm,pl011", "arm,primecell"])
    t.prop("reg", reg(0x9000000, 0x1000))
    t.prop("interrupts", [0, 1, 4])
    t.end()
    if bus:
        t.begin("bus@a000000")
        t.prop("compatible", "simple-bus")
        t.prop("#address-cells", [1])
        t.prop("#size-cells", [1])
    for i in range(2):
        base = 0xA000000 + 0x200 * i
        t.begin("virtio_mmio@%x" % base)
        t.prop("compatible", "virtio,mmio")
        t.prop("reg", reg(base, 0x200, 1, 1) if bus else reg(base, 0x200))
        t.prop("interrupts", [2 if bad_irq else 0, 16 + i, 1])
        t.end()
    if bus:
        t.end()
    t.begin("timer")
    t.prop("compatible", "arm,armv8-timer")
    t.prop("interrupts", [1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4])
    t.end()
    t.end()
    return t.blob()


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


write("madt", "qemu_2cpu", madt([
    lapic(0, 0), lapic(1, 1), ioapic(0, 0xFEC00000, 0), iso(0, 2, 0),
    iso(5, 5, 0xD), iso(9, 9, 0xD), iso(10, 10, 0xD), iso(11, 11, 0xD),
    lapic_nmi()]))
write("madt", "x2apic_override", madt([
    override(0xFEE00000), x2apic(0x100, 0), x2apic(0x101, 1, 2),
    lapic(2, 2, 0), ioapic(1, 0xFEC01000, 24)]))
write("madt", "short_entry", madt([lapic(0, 0), b"\x00\x01"]))
# virtq_used_fuzz scripts: 0 add (next byte: out | in << 2), 1 complete
# (id, len: 4 bytes each), 2 set used->idx (2 bytes), 3 take used.
def add(out, inn):
    return bytes([0, out | inn << 2])


def complete(desc_id, length):
    return bytes([1]) + struct.pack("<II", desc_id, length)


write("virtq_used", "in_order", add(1, 1) + add(1, 0) + complete(0, 64) +
      complete(2, 0) + b"\x03")
write("virtq_used", "bad_id_len", add(1, 2) + complete(7, 0) +
      complete(0, 100000) + b"\x03")
write("virtq_used", "idx_jump", add(2, 0) + b"\x02\xff\x7f\x03" +
      b"\x02\x01\x00\x03")
write("virtq_used", "fill", add(3, 3) * 4 + b"\x03")
# virtio_net_rx_fuzz: a byte picking the device (0: modern, 12-byte
# header, MTU 1500; 1: legacy, 10-byte header, MTU 576), then a script:
# 0 complete a held buffer (selector, 2-byte length, header, frame seed),
# 1 complete any id (id, length: 4 bytes each), 2 set used->idx (2 bytes),
# 3 interrupt (status byte), 4 receive (extra buffer bytes), 5 receive
# into a too-small buffer (size in 255ths of the frame maximum; 255: NULL).
def vnet_done(sel, length, hdr=b"", hdr_len=12, seed=1):
    return (bytes([0, sel]) + struct.pack("<H", length) +
            hdr.ljust(hdr_len, b"\0") + bytes([seed]))


VNET_RX = b"\x04\x00"
VNET_IRQ = b"\x03\x01"
write("virtio_net_rx", "good", b"\x00" + vnet_done(0, 12 + 60) + VNET_IRQ +
      VNET_RX + VNET_RX)
write("virtio_net_rx", "short", b"\x00" + vnet_done(0, 12 + 13) +
      vnet_done(1, 5) + vnet_done(2, 12 + 14) + VNET_RX + VNET_RX)
write("virtio_net_rx", "needs_csum", b"\x00" + vnet_done(0, 72, b"\x01") +
      VNET_RX)
write("virtio_net_rx", "gso", b"\x00" + vnet_done(0, 72, b"\x00\x01") +
      vnet_done(1, 72, b"\x00\x81") + VNET_RX)
write("virtio_net_rx", "oversized", b"\x00" + vnet_done(0, 12 + 1519) +
      vnet_done(1, 12 + 1518) + vnet_done(2, 3000) + VNET_RX + VNET_RX)
write("virtio_net_rx", "bogus_id", b"\x00" +
      bytes([1]) + struct.pack("<II", 300, 60) +
      bytes([1]) + struct.pack("<II", 1, 60) + VNET_RX +
      vnet_done(0, 12 + 42) + VNET_RX)
write("virtio_net_rx", "legacy", b"\x01" + vnet_done(0, 10 + 60, hdr_len=10) +
      vnet_done(1, 10 + 595, hdr_len=10) + vnet_done(2, 10 + 594, hdr_len=10) +
      VNET_IRQ + VNET_RX + VNET_RX)
write("virtio_net_rx", "small_buffer", b"\x00" + vnet_done(0, 12 + 60) +
      b"\x05\x80\x05\xff" + VNET_RX)
write("virtio_net_rx", "idx_jump", b"\x00" + b"\x02\xff\x7f" + VNET_RX +
      b"\x02\x00\x00" + vnet_done(0, 12 + 60) + VNET_RX)
write("fdt", "virt", virt_tree())
write("fdt", "one_cell", virt_tree(acells=1, scells=1))
write("fdt", "bus", virt_tree(bus=True))
write("fdt", "bad_irq", virt_tree(bad_irq=True))

# lwip_input: flags byte (1: the harness fixes IPv4/TCP/UDP checksums),
# then an Ethernet frame from the gateway 10.0.2.2 to the guest 10.0.2.15.
GUEST_MAC = bytes.fromhex("525400123456")
PEER_MAC = bytes.fromhex("525400123502")
GUEST, PEER = bytes([10, 0, 2, 15]), bytes([10, 0, 2, 2])


def eth(ethertype, payload, dst=GUEST_MAC):
    return dst + PEER_MAC + struct.pack(">H", ethertype) + payload


def ipv4(proto, payload):
    return struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0,
                       64, proto, 0, PEER, GUEST) + payload


write("lwip_input", "arp_request", b"\x00" + eth(0x0806, struct.pack(
    ">HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, PEER_MAC, PEER, bytes(6), GUEST),
    dst=b"\xff" * 6))
write("lwip_input", "tcp_syn", b"\x01" + eth(0x0800, ipv4(6, struct.pack(
    ">HHIIBBHHH", 40000, 80, 1000, 0, 0x60, 0x02, 65535, 0, 0) +
    b"\x02\x04\x05\xb4")))
write("lwip_input", "tcp_data", b"\x01" + eth(0x0800, ipv4(6, struct.pack(
    ">HHIIBBHHH", 40000, 80, 1001, 1, 0x50, 0x18, 65535, 0, 0) +
    b"GET / HTTP/1.1\r\n\r\n")))
write("lwip_input", "udp_echo", b"\x01" + eth(0x0800, ipv4(17, struct.pack(
    ">HHHH", 5000, 7, 8 + 5, 0) + b"hello")))
write("lwip_input", "icmp_echo", b"\x01" + eth(0x0800, ipv4(1, struct.pack(
    ">BBHHH", 8, 0, 0xf7fd, 1, 1) + b"ping")))


# cpio_fuzz: newc archives as tools/rootfs packs them.
def newc(name, mode, data=b""):
    name = name.encode() + b"\0"
    hdr = b"070701" + b"".join(b"%08X" % v for v in (
        1, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0))
    entry = hdr + name
    entry += b"\0" * (-len(entry) % 4) + data
    return entry + b"\0" * (-len(entry) % 4)


TRAILER = newc("TRAILER!!!", 0)
write("cpio", "tree", newc(".", 0o40755) + newc("etc", 0o40750) +
      newc("etc/app.conf", 0o100600, b"port=8080\n") +
      newc("/bin/tool", 0o100755, b"t" * 100) +
      newc("etc/link", 0o120777, b"app.conf") + TRAILER)
write("cpio", "trailer", TRAILER)
write("cpio", "through_link", newc("up", 0o120777, b"..") +
      newc("up/escape", 0o100644, b"x") + TRAILER)
write("cpio", "dotdot", newc("a/../../escape", 0o100644, b"x") + TRAILER)


# acpi_fuzz: a flags byte (1: the harness fixes checksums), then firmware
# memory at 0xE0000 with an RSDP, an RSDT and/or XSDT and a MADT, as
# SeaBIOS lays them out for QEMU.
def checksummed(b, at):
    return b[:at] + bytes([-sum(b) & 0xFF]) + b[at + 1:]


def sdt(sig, body):
    return checksummed(sig + struct.pack("<IBB6s8sIII", 36 + len(body), 1,
                                         0, b"TESSER", b"SEEDACPI", 1, 0,
                                         0) + body, 9)


def rsdp(revision, rsdt, xsdt):
    v1 = checksummed(b"RSD PTR " + b"\0" + b"TESSER" +
                     struct.pack("<BI", revision, rsdt), 8)
    if revision < 2:
        return v1
    return checksummed(v1 + struct.pack("<IQB3s", 36, xsdt, 0, b""), 32)


def firmware(parts):
    mem = bytearray(0x200)
    for off, blob in parts:
        mem[off:off + len(blob)] = blob
    return bytes(mem)


BIOS = 0xE0000
MADT_2CPU = checksummed(madt([lapic(0, 0), lapic(1, 1),
                              ioapic(0, 0xFEC00000, 0), iso(0, 2, 0)]), 9)
write("acpi", "xsdt", b"\x00" + firmware([
    (0, rsdp(2, BIOS + 0x40, BIOS + 0x80)),
    (0x40, sdt(b"RSDT", struct.pack("<I", BIOS + 0x100))),
    (0x80, sdt(b"XSDT", struct.pack("<Q", BIOS + 0x100))),
    (0x100, MADT_2CPU)]))
write("acpi", "rsdt_only", b"\x00" + firmware([
    (0x10, rsdp(0, BIOS + 0x40, 0)),
    (0x40, sdt(b"RSDT", struct.pack("<II", 0, BIOS + 0x100))),
    (0x100, MADT_2CPU)]))
write("acpi", "fix_checksums", b"\x01" + firmware([
    (0, rsdp(2, BIOS + 0x40, BIOS + 0x80)),
    (0x40, sdt(b"RSDT", struct.pack("<I", BIOS + 0x100))),
    (0x80, sdt(b"XSDT", struct.pack("<QQ", BIOS + 0x1F0, BIOS + 0x100))),
    (0x100, MADT_2CPU[:20] + b"\x55" + MADT_2CPU[21:])]))
