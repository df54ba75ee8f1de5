#!/usr/bin/env python3
"""make_sensor_seeds.py - (re)creates the small seed files for the sensor fuzz targets from a few
captures of the nDPI corpus (stdlib only: Ethernet/IPv4 pcap and pcapng). Run by hand; the
seeds are committed.
usage: make_sensor_seeds.py CORPUS_DIR OUT_DIR"""
import os
import struct
import sys


def read_frames(path):
    data = open(path, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic == 0x0A0D0D0A:  # pcapng: enhanced packet blocks
        o = 0
        while o + 12 <= len(data):
            t, ln = struct.unpack("<II", data[o:o + 8])
            if ln < 12:
                break
            if t == 6:
                cap = struct.unpack("<I", data[o + 20:o + 24])[0]
                yield data[o + 28:o + 28 + cap]
            o += ln
        return
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    o = 24
    while o + 16 <= len(data):
        cap = struct.unpack(endian + "I", data[o + 8:o + 12])[0]
        yield data[o + 16:o + 16 + cap]
        o += 16 + cap


class Pkt:
    """Ethernet/IPv4 only: proto, ports, payload."""
    def __init__(self, f):
        self.raw = f
        self.proto = None
        if len(f) < 34 or f[12:14] != b"\x08\x00":
            return
        ip = f[14:]
        hl = (ip[0] & 15) * 4
        self.proto = ip[9]
        l4 = ip[hl:struct.unpack("!H", ip[2:4])[0]]
        if self.proto == 6 and len(l4) >= 20:
            self.sport, self.dport = struct.unpack("!HH", l4[:4])
            self.payload = l4[(l4[12] >> 4) * 4:]
        elif self.proto == 17 and len(l4) >= 8:
            self.sport, self.dport = struct.unpack("!HH", l4[:4])
            self.payload = l4[8:]
        else:
            self.proto = None

corpus, out = sys.argv[1], sys.argv[2]
P = os.path.join(corpus, "ndpi", "pcap")


def save(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data[:8192])


def packets(name, limit=400):
    for i, f in enumerate(read_frames(os.path.join(P, name))):
        if i >= limit:
            break
        yield Pkt(f)


def stream_seed(name, port, limit=400):
    """Chunks in the streaming fuzz format: header byte (bit 7 = to client, 7-bit length)."""
    outb = bytearray()
    for p in packets(name, limit):
        if p.proto != 6 or not p.payload:
            continue
        data = p.payload
        dir_ = 0 if p.dport == port else 1
        for i in range(0, len(data), 127):
            c = data[i:i + 127]
            outb += bytes([(dir_ << 7) | len(c)]) + c
        if len(outb) > 6000:
            break
    return bytes(outb)


def udp_payloads(name, ports, n=3):
    got = []
    for p in packets(name):
        if p.proto == 17 and (p.sport in ports or p.dport in ports):
            got.append(p.payload)
            if len(got) >= n:
                break
    return got


for i, d in enumerate(udp_payloads("dns.pcap", {53}, 4)):
    save("fuzz_sensor_dns", "dns%d" % i, d)
for i, d in enumerate(udp_payloads("dhcp-fuzz.pcapng", {67, 68}, 3)):
    save("fuzz_sensor_dhcp", "dhcp%d" % i, d)
save("fuzz_sensor_tls", "tls12", stream_seed("tls_verylong_certificate.pcap", 443))
save("fuzz_sensor_http", "http", stream_seed("http_ua_splitted_in_two_pkts.pcapng", 80))
save("fuzz_sensor_http", "http_lines", stream_seed("http-lines-split.pcap", 80))
save("fuzz_sensor_smtp", "smtp", stream_seed("smtp.pcap", 25))
save("fuzz_sensor_smb", "smbv1", stream_seed("smbv1.pcap", 445))
for name, dlt in (("dns.pcap", 1), ("smbv1.pcap", 1), ("dhcp-fuzz.pcapng", 1), ("1kxun.pcap", 1)):
    outb = bytearray([{1: 0}[dlt]])
    for i, p in enumerate(packets(name, 40)):
        b = p.raw[:1500]
        outb += struct.pack("!H", len(b)) + b
    save("fuzz_sensor_packets", name.split(".")[0], bytes(outb))

# QUIC: the client's first datagrams, 2-byte length prefixed
for name in ("quic-29.pcap", "quic_0RTT.pcap", "quic.pcap"):
    outb = bytearray()
    for p in packets(name, 40):
        if p.proto == 17 and len(p.payload) >= 1000 and (p.payload[0] & 0x81):
            outb += struct.pack("!H", len(p.payload)) + p.payload
            if len(outb) > 2600:
                break
    if outb:
        save("fuzz_sensor_quic", name.split(".")[0], bytes(outb))
