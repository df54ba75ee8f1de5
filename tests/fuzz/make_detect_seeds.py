#!/usr/bin/python3
"""make_detect_seeds.py - turns the detection scenario captures into fuzz_sensor_detect seeds
(link type byte, then per frame a 2-byte length, top bit set when a minute passed)."""
import glob
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "sensor", "scenarios", "pcap")
OUT = os.path.join(HERE, "corpus", "fuzz_sensor_detect")
os.makedirs(OUT, exist_ok=True)
for path in sorted(glob.glob(os.path.join(SRC, "*.pcap"))):
    d = open(path, "rb").read()
    out = bytearray([0])  # DLT_EN10MB is index 0
    off, last = 24, None
    while off + 16 <= len(d):
        sec, usec, caplen, _ = struct.unpack("<IIII", d[off:off + 16])
        frame = d[off + 16:off + 16 + caplen][:0x7fff]
        t = sec + usec / 1e6
        flag = 0x8000 if last is not None and t - last > 5 else 0
        last = t
        out += struct.pack(">H", len(frame) | flag) + frame
        off += 16 + caplen
    name = os.path.splitext(os.path.basename(path))[0]
    open(os.path.join(OUT, name), "wb").write(out)
print(f"seeds in {OUT}")
