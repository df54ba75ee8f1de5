#!/usr/bin/env python3
"""run.py - runs otasuke-sensor over a detection scenario capture pair (or a real capture from
the external corpus) and checks the alerts: the positive capture raises exactly the expected
categories, each alert explained for owner and analyst in ja and en and naming the right host;
the negative capture raises no alert at all.
Usage: run.py --sensor PATH SCENARIO | run.py --sensor PATH --corpus NAME
Exit 0 pass, 1 fail, 77 skipped (corpus absent)."""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
HOME = "192.168.1.0/24"
INTEL = os.path.join(HERE, "intel")

# name: (extra arguments, {category: host the alert must name})
SCENARIOS = {
    "known_bad": ([], {"known-bad-destination": "192.168.1.90"}),
    "new_device": (["--learn", "60"], {"new-device": "192.168.1.150"}),
    "legacy_os": ([], {"legacy-os": "192.168.1.77"}),
    "mail_burst": (["--mail-servers", "192.168.1.25"], {"mail-burst": "192.168.1.60"}),
    "exposed": ([], {"exposed-service": None}),
    "lateral": ([], {"lateral-movement": "192.168.1.50"}),
    "smbv1": ([], {"lateral-movement": "192.168.1.52", "legacy-os": "192.168.1.52"}),
    "exe_download": ([], {"executable-download": "192.168.1.80"}),
    "beaconing": ([], {"beaconing": "192.168.1.41"}),
    "port_scan": ([], {"port-scan": "192.168.1.31"}),
}

# Real captures: (file, extra arguments, categories that must appear)
CORPUS = {
    "emotet": ("emotet.pcap", ["--home-net", "10.0.0.0/8", "--intel",
                               os.path.join(HERE, "corpus-intel")],
               ["known-bad-destination", "executable-download"]),
    "smbv1": ("smbv1.pcap", ["--home-net", "10.0.0.0/8,172.16.0.0/12"], ["lateral-movement"]),
    "rdp": ("rdp.pcap", ["--home-net", "192.168.2.0/24"], ["exposed-service"]),
    "rdp3": ("rdp3.pcap", ["--home-net", "10.157.0.0/16"], ["exposed-service"]),
    # the private iPhone joining the office Wi-Fi: new device, vendor Apple, its DHCP name
    "iphone": ("iphone.pcap", ["--home-net", "192.168.0.0/16", "--learn", "0"], ["new-device"]),
}


def run_sensor(sensor, pcap, args):
    with tempfile.TemporaryDirectory() as tmp:
        eve = os.path.join(tmp, "eve.json")
        state = os.path.join(tmp, "state")
        os.mkdir(state)
        cmd = [sensor, "--read", pcap, "--eve", eve, "--state", state] + args
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            print(f"FAIL: {' '.join(cmd)} exited {p.returncode}\n{p.stderr}")
            return None
        alerts = []
        with open(eve, encoding="utf-8") as fp:
            for line in fp:
                ev = json.loads(line)
                if ev.get("event_type") == "alert":
                    alerts.append(ev)
        return alerts


def describe(a):
    return (f"{a['alert']['category']} host={a.get('otasuke', {}).get('host', {}).get('ip')} "
            f"sev={a['alert'].get('severity')} {a['alert'].get('signature')}")


def check_explained(a):
    """Every alert carries owner and analyst texts in both languages, filled in."""
    ex = a.get("otasuke", {}).get("explanation", {})
    for who in ("owner", "analyst"):
        for lang in ("ja", "en"):
            text = ex.get(who, {}).get(lang, "")
            if len(text) < 20:
                return f"{who}.{lang} explanation missing"
            if re.search(r"\{[a-z_]+\}", text):
                return f"{who}.{lang} has an unfilled placeholder: {text[:80]}"
    if not a["alert"].get("category") or a["alert"].get("severity") not in (1, 2, 3):
        return "category or severity missing"
    if not a["alert"].get("signature_id"):
        return "signature_id missing"
    return None


def scenario(sensor, name):
    extra, expect = SCENARIOS[name]
    args = ["--home-net", HOME, "--intel", INTEL] + extra
    ok = True
    pos = run_sensor(sensor, os.path.join(HERE, "pcap", f"{name}_pos.pcap"), args)
    neg = run_sensor(sensor, os.path.join(HERE, "pcap", f"{name}_neg.pcap"), args)
    if pos is None or neg is None:
        return 1
    for a in pos:
        print("  pos:", describe(a))
    for a in neg:
        print("  neg:", describe(a))
    got = {a["alert"]["category"] for a in pos}
    if got != set(expect):
        print(f"FAIL {name}: positive raised {sorted(got)}, expected exactly {sorted(expect)}")
        ok = False
    for cat, host in expect.items():
        hosts = {a["otasuke"]["host"]["ip"] for a in pos if a["alert"]["category"] == cat}
        if host and hosts != {host}:
            print(f"FAIL {name}: {cat} names {sorted(hosts)}, expected only {host}")
            ok = False
    for a in pos:
        why = check_explained(a)
        if why:
            print(f"FAIL {name}: {describe(a)}: {why}")
            ok = False
    if neg:
        print(f"FAIL {name}: negative capture raised {len(neg)} alert(s)")
        ok = False
    if len(pos) > 10:
        print(f"FAIL {name}: {len(pos)} alerts for one incident (de-duplication)")
        ok = False
    print(f"{'PASS' if ok else 'FAIL'} {name}: {len(pos)} alert(s) positive, {len(neg)} negative")
    return 0 if ok else 1


def corpus(sensor, name):
    root = os.environ.get("OTASUKE_CORPUS",
                          os.path.join(HERE, "..", "..", "..", "..", "shared", "corpus"))
    fname, args, expect = CORPUS[name]
    pcap = os.path.join(root, "ndpi", "pcap", fname)
    if not os.path.exists(pcap):
        print(f"SKIP {name}: {pcap} not present (set OTASUKE_CORPUS)")
        return 77
    alerts = run_sensor(sensor, pcap, args)
    if alerts is None:
        return 1
    for a in alerts:
        print("  ", describe(a))
    got = {a["alert"]["category"] for a in alerts}
    missing = [c for c in expect if c not in got]
    bad = [describe(a) + ": " + why for a in alerts for why in [check_explained(a)] if why]
    if name == "iphone":
        phones = [a for a in alerts if a["alert"]["category"] == "new-device" and
                  a["otasuke"]["host"].get("hostname") == "Lucas-iPhone"]
        if not phones or "Apple" not in phones[0]["otasuke"]["explanation"]["owner"]["ja"]:
            bad.append("no new-device alert naming Lucas-iPhone and its vendor Apple")
    ok = not missing and not bad
    if missing:
        print(f"FAIL {name}: missing {missing}")
    for b in bad:
        print(f"FAIL {name}: {b}")
    print(f"{'PASS' if ok else 'FAIL'} corpus {name}: {sorted(got)}")
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sensor", required=True)
    ap.add_argument("--corpus", action="store_true")
    ap.add_argument("name")
    o = ap.parse_args()
    if o.corpus:
        return corpus(o.sensor, o.name)
    return scenario(o.sensor, o.name)


if __name__ == "__main__":
    sys.exit(main())
