#!/usr/bin/env python3
"""gen_intel.py - write N synthetic threat-intelligence indicators in the providers' formats
(Feodo, ThreatFox, URLhaus, SSLBL SHA-1 and JA3, Spamhaus DROP, plain lists) for benchmarks.

Usage: gen_intel.py DIR [N]   (default N = 1000000)
"""
import os
import random
import sys

MALWARE = ["Emotet", "QakBot", "Pikabot", "Dridex", "IcedID", "AsyncRAT", "Remcos",
           "AgentTesla", "CobaltStrike", "RedLineStealer", "Mirai", "Mozi", "TrickBot",
           "BumbleBee", "Lumma", "Vidar", "NjRAT", "DarkGate", "Formbook", "SmokeLoader"]
TLDS = ["com", "net", "org", "ru", "cn", "top", "xyz", "info", "jp", "io", "biz", "online"]
WORDS = ["secure", "login", "update", "cdn", "mail", "cloud", "docs", "invoice", "support",
         "account", "verify", "static", "api", "download", "portal", "service", "office"]


def ip(r):
    while True:
        a = r.randrange(1, 224)
        if a not in (10, 127, 172, 192):
            return f"{a}.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)}"


def domain(r, i):
    return f"{r.choice(WORDS)}-{r.choice(WORDS)}{i}.{r.choice(WORDS)}{i % 9973}.{r.choice(TLDS)}"


def url(r, i):
    host = domain(r, i) if i % 3 else ip(r)
    return f"http://{host}/{r.choice(WORDS)}/{i:x}/{r.choice(['a.exe', 'bin.sh', 'x.dll', 'doc.zip'])}"


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
    os.makedirs(out, exist_ok=True)
    r = random.Random(2024)
    # shares of the total, roughly what the real feeds hold relative to each other
    share = {"feodo": 0.10, "threatfox": 0.20, "urlhaus": 0.20, "drop": 0.05,
             "domains": 0.30, "sslbl": 0.05, "ja3": 0.05, "ips": 0.05}
    count = {k: int(n * v) for k, v in share.items()}
    count["domains"] += n - sum(count.values())
    i = 0
    with open(os.path.join(out, "feodo.csv"), "w") as f:
        f.write("# abuse.ch Feodo Tracker Botnet C2 IP Blocklist (CSV)\n#\n"
                '"first_seen_utc","dst_ip","dst_port","c2_status","last_online","malware"\n')
        for _ in range(count["feodo"]):
            f.write(f'"2023-12-01 10:00:00","{ip(r)}","443","online","2024-01-18",'
                    f'"{r.choice(MALWARE)}"\n')
    with open(os.path.join(out, "threatfox.csv"), "w") as f:
        f.write('# "first_seen_utc","ioc_id","ioc_value","ioc_type","threat_type","fk_malware",'
                '"malware_alias","malware_printable","last_seen_utc","confidence_level",'
                '"reference","tags","anonymous","reporter"\n')
        for k in range(count["threatfox"]):
            i += 1
            kind = k % 4
            if kind == 0:
                v, t = f"{ip(r)}:{r.choice([443, 80, 8080, 4444])}", "ip:port"
            elif kind == 3:
                v, t = url(r, i), "url"
            else:
                v, t = domain(r, i), "domain"
            m = r.choice(MALWARE)
            f.write(f'"2024-01-18 09:00:00", "{1200000 + k}", "{v}", "{t}", "botnet_cc", '
                    f'"win.{m.lower()}", "None", "{m}", "", "75", "", "{m}", "0", "abuse_ch"\n')
    with open(os.path.join(out, "urlhaus.csv"), "w") as f:
        f.write("# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter\n")
        for k in range(count["urlhaus"]):
            i += 1
            f.write(f'"{2700000 + k}","2024-01-18 10:00:00","{url(r, i)}","online","",'
                    f'"malware_download","exe,{r.choice(MALWARE)}",'
                    f'"https://urlhaus.abuse.ch/url/{2700000 + k}/","reporter"\n')
    with open(os.path.join(out, "drop.txt"), "w") as f:
        f.write("; Spamhaus DROP List (synthetic)\n")
        for k in range(count["drop"]):
            a, b = r.randrange(1, 224), r.randrange(256)
            f.write(f"{a}.{b}.{r.randrange(256)}.0/24 ; SBL{300000 + k}\n")
    with open(os.path.join(out, "domains.txt"), "w") as f:
        f.write("# plain domain list\n")
        for _ in range(count["domains"]):
            i += 1
            f.write(domain(r, i) + "\n")
    with open(os.path.join(out, "sslbl.csv"), "w") as f:
        f.write("# Listingdate,SHA1,Listingreason\n")
        for _ in range(count["sslbl"]):
            f.write(f"2024-01-01 00:00:00,{r.getrandbits(160):040x},{r.choice(MALWARE)} C&C\n")
    with open(os.path.join(out, "ja3.csv"), "w") as f:
        f.write("# ja3_md5,Firstseen,Lastseen,Listingreason\n")
        for _ in range(count["ja3"]):
            f.write(f"{r.getrandbits(128):032x},2023-01-01 00:00:00,2024-01-01 00:00:00,"
                    f"{r.choice(MALWARE)}\n")
    with open(os.path.join(out, "ips.txt"), "w") as f:
        f.write("# plain IP list\n")
        for _ in range(count["ips"]):
            f.write(ip(r) + "\n")
    print(f"gen_intel: {n} indicators in {out}")


if __name__ == "__main__":
    main()
