#!/usr/bin/env python3
"""gen_flows.py - a capture holding N concurrent TCP connections (handshake, then one data
packet each after all have started), to measure the sensor's memory with that many flows.

Usage: gen_flows.py OUT.pcap [N]   (default N = 100000)
"""
import struct
import sys


def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s & 0xFFFF) + (s >> 16)
    s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def packet(src, dst, sport, dport, flags, seq, ack, payload=b""):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 64240, 0, 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    eth = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
    return eth + ip + tcp


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    t0 = 1700000000.0
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))

        def write(t, pkt):
            sec = int(t)
            f.write(struct.pack("<IIII", sec, int((t - sec) * 1e6), len(pkt), len(pkt)))
            f.write(pkt)

        def ends(i):
            # 250 internal clients, each to many outside servers on HTTPS
            client = bytes([192, 168, (i % 250) // 250 + 1, i % 250 + 1])
            server = bytes([100 + (i >> 16) % 100, (i >> 8) & 255, i & 255, 10])
            return client, server, 10000 + (i // 250) % 50000

        step = 10.0 / n
        for i in range(n):  # handshakes over 10 s
            c, s, sp = ends(i)
            t = t0 + i * step
            write(t, packet(c, s, sp, 443, 0x02, 1000, 0))
            write(t + 0.0005, packet(s, c, 443, sp, 0x12, 5000, 1001))
            write(t + 0.001, packet(c, s, sp, 443, 0x10, 1001, 5001))
        for i in range(n):  # then one data packet each, all connections still open
            c, s, sp = ends(i)
            write(t0 + 11 + i * step, packet(c, s, sp, 443, 0x18, 1001, 5001, b"\x17\x03\x03\x00\x01x"))
    print(f"gen_flows: {n} concurrent TCP connections, {4 * n} packets in {out}")


if __name__ == "__main__":
    main()
