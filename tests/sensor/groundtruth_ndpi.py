#!/usr/bin/env python3
"""groundtruth_ndpi.py - compares what otasuke-sensor extracts with nDPI's test-suite results.

For every capture in $OTASUKE_CORPUS/ndpi/pcap, runs the sensor and matches its flows (by
protocol and the unordered pair of endpoints) with the flow lines of ndpi/result/NAME.out.
For each field both produce for a flow, counts agreement:
  hostname   Hostname/SNI  vs TLS/QUIC SNI, HTTP Host, DNS query name or DHCP hostname (case-insensitive)
  url        URL           vs HTTP host + URI
  user_agent User-Agent    vs HTTP User-Agent
  content_type Content-Type vs HTTP response Content-Type
  ja3c       JA3C          vs tls.ja3.hash
  cert_sha1  Certificate SHA-1 vs tls.fingerprint
  dhcp_fp    DHCP Fingerprint  vs DHCP parameter request list
  dhcp_class DHCP Class Ident  vs DHCP vendor class
  ja4        JA4 (reported, not gated: nDPI's snapshot encodes the ALPN differently)
"agree" counts exact matches plus, for URL and User-Agent, nDPI values that are a prefix of
ours (nDPI truncates: first packet only, 254-character URLs); that count is shown separately.
Fails if a gated field agrees on fewer than THRESHOLD of the flows both produce, or if the
sensor crashes on any capture. Skipped (exit 77) when the corpus is absent."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gt_common as gt  # noqa: E402

THRESHOLD = 0.98
GATED = ["hostname", "url", "user_agent", "content_type", "ja3c", "cert_sha1", "dhcp_fp", "dhcp_class"]
NDPI_FIELDS = {
    "Hostname/SNI": "hostname", "URL": "url", "User-Agent": "user_agent",
    "Content-Type": "content_type", "JA3C": "ja3c", "Certificate SHA-1": "cert_sha1",
    "DHCP Fingerprint": "dhcp_fp", "DHCP Class Ident": "dhcp_class", "JA4": "ja4",
}
FLOW_RE = re.compile(r"^\s+\d+\s+(\S+)\s+(\S+)\s+(<->|->)\s+(\S+)\s+\[")
PROTO_NUM = {"TCP": 6, "UDP": 17, "ICMP": 1, "ICMPV6": 58, "IPv6-ICMP": 58}


def endpoint(s):
    if s.startswith("["):
        ip, _, port = s[1:].partition("]:")
    else:
        ip, _, port = s.rpartition(":")
    try:
        port = int(port)
    except ValueError:
        port = 0
    return gt.norm_ip(ip), port


def flow_key(proto, a, b):
    return (proto.upper(), frozenset([a, b]))


def parse_ndpi(path):
    flows = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = FLOW_RE.match(line)
            if not m:
                continue
            proto, a, _, b = m.groups()
            key = flow_key(proto, endpoint(a), endpoint(b))
            fields = {}
            for name, val in re.findall(r"\[([A-Za-z0-9 /()-]+): (.*?)\](?=\[|$)", line.rstrip("\n")):
                if name in NDPI_FIELDS:
                    fields[NDPI_FIELDS[name]] = val.strip()
            flows.setdefault(key, fields)
    return flows


def sensor_flows(events):
    flows = {}
    for e in events:
        et = e.get("event_type")
        if et not in ("dns", "tls", "quic", "http", "dhcp"):
            continue
        a = (gt.norm_ip(e.get("src_ip", "")), e.get("src_port", 0))
        b = (gt.norm_ip(e.get("dest_ip", "")), e.get("dest_port", 0))
        f = flows.setdefault(flow_key(e.get("proto", ""), a, b), {})
        add = lambda k, v: f.setdefault(k, []).append(v) if v else None  # noqa: E731
        if et in ("tls", "quic"):
            t = e[et]
            add("hostname", t.get("sni", "").lower())
            add("ja3c", t.get("ja3", {}).get("hash"))
            add("ja4", t.get("ja4"))
            add("user_agent", t.get("ua"))
            fp = t.get("fingerprint")
            add("cert_sha1", fp.upper() if fp else None)
        elif et == "http":
            h = e["http"]
            host = h.get("hostname", "")
            add("hostname", host.lower())
            uri = h.get("url", "")
            # absolute-form requests (to proxies) carry the whole URL already
            add("url", uri if uri.startswith(("http://", "https://")) or not host else host + uri)
            add("user_agent", h.get("http_user_agent"))
            add("content_type", h.get("http_content_type"))
        elif et == "dns":
            d = e["dns"]
            add("hostname", d.get("rrname", "").lower())
        elif et == "dhcp":
            d = e["dhcp"]
            add("hostname", d.get("hostname", "").rstrip("\x00").lower())
            codes = d.get("param_codes")
            add("dhcp_fp", ",".join(str(c) for c in codes) if codes else None)
            add("dhcp_class", d.get("vendor_class_identifier"))
    return flows


def agree(field, ndpi_val, ours):
    """'exact', 'prefix' (nDPI's value is a truncated form of ours: nDPI keeps only what was
    in the first packet and cuts URLs at 254 characters) or None."""
    if field == "hostname":
        ndpi_val = ndpi_val.lower()
    if field == "content_type":
        ndpi_val = ndpi_val.split(";")[0].strip()
        ours = [o.split(";")[0].strip() for o in ours]
    if field == "url":
        # nDPI keeps the Host header's ":port"; EVE's hostname (like Suricata's) drops it
        host, sep, rest = ndpi_val.partition("/")
        if re.fullmatch(r"[^:\[\]]+:\d+", host):
            ndpi_val = host.rsplit(":", 1)[0] + sep + rest
    if ndpi_val in ours:
        return "exact"
    if field in ("url", "user_agent") and any(o.startswith(ndpi_val) for o in ours):
        return "prefix"
    return None


def main():
    corpus = gt.corpus_dir()
    if not corpus or not os.path.isdir(os.path.join(corpus, "ndpi", "pcap")):
        print("SKIPPED: nDPI corpus not found (set OTASUKE_CORPUS)")
        return gt.SKIP
    sensor = gt.find_sensor(sys.argv)
    pdir = os.path.join(corpus, "ndpi", "pcap")
    rdir = os.path.join(corpus, "ndpi", "result")
    names = sorted(n for n in os.listdir(pdir) if os.path.exists(os.path.join(rdir, n + ".out")))
    jobs = [(n, os.path.join(pdir, n), ()) for n in names]
    res = gt.run_many(sensor, jobs)
    stats = {k: [0, 0, 0, 0] for k in NDPI_FIELDS.values()}  # both, agree, ndpi_only, prefix
    crashes, mismatches = [], {}
    for n in names:
        rc, err, events = res[n]
        if rc != 0:
            crashes.append("%s: exit %d %s" % (n, rc, err.strip()[:200]))
            continue
        if any(e.get("event_type") == "__invalid_json__" for e in events):
            crashes.append("%s: an EVE line is not valid JSON" % n)
        theirs = parse_ndpi(os.path.join(rdir, n + ".out"))
        ours = sensor_flows(events)
        for key, fields in theirs.items():
            mine = ours.get(key, {})
            for field, val in fields.items():
                if not val:
                    continue
                s = stats[field]
                if field not in mine:
                    s[2] += 1
                    continue
                s[0] += 1
                how = agree(field, val, mine[field])
                if how:
                    s[1] += 1
                    if how == "prefix":
                        s[3] += 1
                else:
                    mismatches.setdefault(field, []).append((n, val, mine[field][:3]))
    ok = not crashes
    print("captures: %d, sensor failures: %d" % (len(names), len(crashes)))
    for c in crashes[:20]:
        print("  FAIL", c)
    print("%-13s %8s %8s %8s %10s %12s" % ("field", "both", "agree", "rate", "nDPI-only",
                                            "nDPI-trunc"))
    for field in NDPI_FIELDS.values():
        both, agr, only, prefix = stats[field]
        rate = agr / both if both else 1.0
        gated = field in GATED
        flag = ""
        if gated and both and rate < THRESHOLD:
            flag = "  < %.0f%% FAIL" % (THRESHOLD * 100)
            ok = False
        print("%-13s %8d %8d %7.2f%% %10d %12d%s%s" % (field, both, agr, rate * 100, only, prefix,
                                                      "" if gated else "  (not gated)", flag))
    verbose = "-v" in sys.argv
    for field, lst in mismatches.items():
        print("mismatches in %s: %d" % (field, len(lst)))
        for n, val, mine in lst[: (50 if verbose else 5)]:
            print("   %s: nDPI %r sensor %r" % (n, val, mine))
    print("RESULT:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
