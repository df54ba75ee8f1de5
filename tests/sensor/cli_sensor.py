#!/usr/bin/env python3
"""cli_sensor.py - end-to-end test of otasuke-sensor on captures written here (pcap and pcapng):
DNS, an HTTP executable download with out-of-order TCP segments, DHCP, ARP; a capture cut in the
middle of a record still exits 0 with a warning and the events so far; a file that is not a
capture is refused with a message."""
import json
import os
import struct
import subprocess
import sys
import tempfile

SENSOR = sys.argv[sys.argv.index("--sensor") + 1] if "--sensor" in sys.argv else "build/otasuke-sensor"
fails = []


def check(cond, what):
    if not cond:
        fails.append(what)
        print("FAIL:", what)


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return (~s) & 0xFFFF


def ip4(src, dst, proto, payload):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0, 64, proto, 0,
                    bytes(src), bytes(dst))
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def eth(smac, dmac, etype, payload):
    return bytes(dmac) + bytes(smac) + struct.pack("!H", etype) + payload


def udp(sport, dport, data):
    return struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data


def tcp(sport, dport, seq, ack, flags, data=b""):
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + data


C, S, D = [192, 168, 1, 20], [198, 51, 100, 7], [192, 168, 1, 1]
CM, SM = [0x00, 0x1B, 0x21, 1, 2, 3], [0x00, 0x50, 0x56, 9, 8, 7]


def frames():
    out = []
    # DNS query + answer
    q = struct.pack("!HHHHHH", 0x4242, 0x0100, 1, 0, 0, 0) + b"\x07example\x02jp\x00\x00\x01\x00\x01"
    a = struct.pack("!HHHHHH", 0x4242, 0x8180, 1, 1, 0, 0) + q[12:] + \
        b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04" + bytes(S)
    out.append(eth(CM, SM, 0x0800, ip4(C, D, 17, udp(40000, 53, q))))
    out.append(eth(SM, CM, 0x0800, ip4(D, C, 17, udp(53, 40000, a))))
    # TCP handshake, HTTP GET, response body starting with MZ sent out of order
    cs, ss = 1000, 5000
    out.append(eth(CM, SM, 0x0800, ip4(C, S, 6, tcp(50000, 80, cs, 0, 0x02))))
    out.append(eth(SM, CM, 0x0800, ip4(S, C, 6, tcp(80, 50000, ss, cs + 1, 0x12))))
    out.append(eth(CM, SM, 0x0800, ip4(C, S, 6, tcp(50000, 80, cs + 1, ss + 1, 0x10))))
    req = b"GET /update.exe HTTP/1.1\r\nHost: dl.example.jp\r\nUser-Agent: tester/1.0\r\n\r\n"
    out.append(eth(CM, SM, 0x0800, ip4(C, S, 6, tcp(50000, 80, cs + 1, ss + 1, 0x18, req))))
    body = b"MZ\x90\x00" + b"\x00" * 60
    resp = b"HTTP/1.1 200 OK\r\nContent-Type: application/x-msdownload\r\nContent-Length: %d\r\n\r\n" % len(body)
    part1, part2 = resp + body[:10], body[10:]
    seq2 = ss + 1 + len(part1)
    out.append(eth(SM, CM, 0x0800, ip4(S, C, 6, tcp(80, 50000, seq2, cs + 1 + len(req), 0x18, part2))))
    out.append(eth(SM, CM, 0x0800, ip4(S, C, 6, tcp(80, 50000, ss + 1, cs + 1 + len(req), 0x18, part1))))
    # DHCP request with hostname and vendor class
    bootp = bytearray(240)
    bootp[0:4] = b"\x01\x01\x06\x00"
    bootp[4:8] = b"\x12\x34\x56\x78"
    bootp[28:34] = bytes(CM)
    bootp[236:240] = b"\x63\x82\x53\x63"
    opts = b"\x35\x01\x03\x0c\x06office\x3c\x08MSFT 5.0\x37\x03\x01\x03\x06\xff"
    out.append(eth(CM, [0xFF] * 6, 0x0800, ip4([0, 0, 0, 0], [255] * 4, 17, udp(68, 67, bytes(bootp) + opts))))
    # ARP request
    arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + bytes(CM) + bytes(C) + b"\0" * 6 + bytes(D)
    out.append(eth(CM, [0xFF] * 6, 0x0806, arp))
    return out


def write_pcap(path, fr, cut=0):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        data = b""
        for i, fr_ in enumerate(fr):
            data += struct.pack("<IIII", 1700000000 + i, 0, len(fr_), len(fr_)) + fr_
        f.write(data[: len(data) - cut] if cut else data)


def write_pcapng(path, fr):
    def block(t, body):
        pad = (4 - len(body) % 4) % 4
        ln = 12 + len(body) + pad
        return struct.pack("<II", t, ln) + body + b"\0" * pad + struct.pack("<I", ln)
    with open(path, "wb") as f:
        f.write(block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)))
        f.write(block(1, struct.pack("<HHI", 1, 0, 65535)))
        for i, fr_ in enumerate(fr):
            ts = (1700000000 + i) * 1000000
            f.write(block(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, len(fr_), len(fr_)) + fr_))


def run(path, tmp):
    eve = os.path.join(tmp, "eve.json")
    if os.path.exists(eve):
        os.unlink(eve)
    p = subprocess.run([SENSOR, "--read", path, "--eve", eve, "--no-detect"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    events = []
    if os.path.exists(eve):
        with open(eve) as f:
            events = [json.loads(l) for l in f if l.strip()]
    return p.returncode, p.stderr.decode(), events


def check_events(events, label):
    by = {}
    for e in events:
        by.setdefault(e["event_type"], []).append(e)
    check(any(e["dns"].get("rrname") == "example.jp" and e["dns"]["type"] == "query" for e in by.get("dns", [])), label + ": DNS query")
    check(any(e["dns"].get("answers", [{}])[0].get("rdata") == "198.51.100.7" for e in by.get("dns", [])), label + ": DNS answer")
    http = by.get("http", [])
    check(len(http) == 1, label + ": one HTTP transaction")
    if http:
        h = http[0]["http"]
        check(h.get("hostname") == "dl.example.jp" and h.get("url") == "/update.exe", label + ": HTTP host/url")
        check(h.get("status") == 200 and h.get("file_magic") == "MZ", label + ": executable seen despite out-of-order segments")
        check(h.get("http_user_agent") == "tester/1.0", label + ": user agent")
    d = by.get("dhcp", [])
    check(d and d[0]["dhcp"].get("hostname") == "office" and d[0]["dhcp"].get("vendor_class_identifier") == "MSFT 5.0", label + ": DHCP")
    check(len(by.get("flow", [])) >= 3, label + ": flow events")
    check(len(by.get("stats", [])) == 1, label + ": stats event")
    ids = [e.get("id") for e in events]
    check(all(ids) and len(set(ids)) == len(ids), label + ": every event has a unique id")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        fr = frames()
        pcap = os.path.join(tmp, "t.pcap")
        write_pcap(pcap, fr)
        rc, err, ev = run(pcap, tmp)
        check(rc == 0, "pcap: exit 0 (got %d: %s)" % (rc, err))
        check_events(ev, "pcap")
        ng = os.path.join(tmp, "t.pcapng")
        write_pcapng(ng, fr)
        rc, err, ev = run(ng, tmp)
        check(rc == 0, "pcapng: exit 0 (got %d: %s)" % (rc, err))
        check_events(ev, "pcapng")
        # cut inside the last record (the ARP frame): warning, exit 0, earlier events kept
        write_pcap(pcap, fr, cut=10)
        rc, err, ev = run(pcap, tmp)
        check(rc == 0, "truncated: exit 0 (got %d)" % rc)
        check("warning" in err, "truncated: warning on stderr (%r)" % err)
        check(any(e["event_type"] == "http" for e in ev), "truncated: events before the cut written")
        # not a capture at all
        bad = os.path.join(tmp, "bad.pcap")
        with open(bad, "wb") as f:
            f.write(b"this is not a capture file\n" * 10)
        rc, err, ev = run(bad, tmp)
        check(rc != 0 and err.strip() != "", "not a capture: refused with a message")
    print("RESULT:", "FAIL" if fails else "PASS")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
