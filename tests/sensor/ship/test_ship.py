#!/usr/bin/env python3
"""test_ship.py - shipping is at-least-once: every event id reaches a loopback HTTPS collector
when it is down for a while, answers 500 now and then, or the sensor restarts mid-stream.

Usage: test_ship.py --driver build/ship_driver
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN = "t0ken-for-tests"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Env:
    def __init__(self, driver, tmp):
        self.driver = driver
        self.tmp = tmp
        self.cert = os.path.join(tmp, "cert.pem")
        self.key = os.path.join(tmp, "key.pem")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", self.key,
             "-out", self.cert, "-days", "1", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
            check=True, capture_output=True)
        self.recv = None

    def start_receiver(self, port, log, fail_every=0, token=TOKEN, fail_first=0, refuse=""):
        p = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "receiver.py"), "--port", str(port),
             "--cert", self.cert, "--key", self.key, "--token", token, "--log", log,
             "--fail-every", str(fail_every), "--fail-first", str(fail_first),
             "--refuse", refuse], stdout=subprocess.PIPE, text=True)
        assert p.stdout.readline().strip() == "ready"
        self.recv = p

    def stop_receiver(self):
        if self.recv:
            self.recv.terminate()
            self.recv.wait()
            self.recv = None

    def run_driver(self, port, spool, first, count, extra=(), background=False, ca=True):
        cmd = [self.driver, "--url", f"https://127.0.0.1:{port}/ingest", "--token", TOKEN,
               "--spool", spool, "--first", str(first), "--count", str(count)]
        if ca:
            cmd += ["--ca", self.cert]
        cmd += list(extra)
        env = dict(os.environ, OTASUKE_SHIP_CLOSE_WAIT="5")
        if background:
            return subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env)
        r = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=env, timeout=120)
        assert r.returncode == 0, f"driver exited {r.returncode}"
        return json.loads(r.stdout.strip().splitlines()[-1])


def received(log):
    ids, bad = [], 0
    if os.path.exists(log):
        with open(log) as f:
            for line in f:
                rec = json.loads(line)
                if "bad" in rec:
                    bad += 1
                else:
                    ids.append(rec["id"])
    return ids, bad


def want_ids(first, count):
    return {f"evt-{i:08d}" for i in range(first, first + count)}


def check_all(name, log, first, count):
    ids, bad = received(log)
    missing = want_ids(first, count) - set(ids)
    dup = len(ids) - len(set(ids))
    ok = not missing and bad == 0
    print(f"{'ok' if ok else 'FAIL'}: {name}: {len(set(ids))}/{count} ids, {dup} duplicates, "
          f"{bad} malformed lines, {len(missing)} missing")
    return ok


def scenario_down_then_up(env):
    port, d = free_port(), tempfile.mkdtemp(dir=env.tmp)
    log = os.path.join(d, "got.jsonl")
    drv = env.run_driver(port, os.path.join(d, "spool"), 0, 2000, ["--seconds", "40"],
                         background=True)
    time.sleep(4)  # collector down: connection refused, retries back off
    env.start_receiver(port, log)
    out, _ = drv.communicate(timeout=60)
    env.stop_receiver()
    st = json.loads(out.strip().splitlines()[-1])
    ok = check_all("collector down, then back", log, 0, 2000)
    if st["failures"] < 1:
        print("FAIL: expected failed attempts while the collector was down", st)
        ok = False
    return ok


def scenario_intermittent_500(env):
    port, d = free_port(), tempfile.mkdtemp(dir=env.tmp)
    log = os.path.join(d, "got.jsonl")
    env.start_receiver(port, log, fail_every=3)
    st = env.run_driver(port, os.path.join(d, "spool"), 0, 3000, ["--batch", "200"])
    env.stop_receiver()
    ok = check_all("collector answers 500 to every 3rd POST", log, 0, 3000)
    if st["failures"] < 1 or st["sent"] < 3000 or st["queued"] != 0:
        print("FAIL: stats", st)
        ok = False
    return ok


def scenario_restart(env):
    port, d = free_port(), tempfile.mkdtemp(dir=env.tmp)
    log, spool = os.path.join(d, "got.jsonl"), os.path.join(d, "spool")
    # first run: collector down, the sensor dies without a final flush
    st1 = env.run_driver(port, spool, 0, 1234, ["--crash", "--batch", "100"])
    if st1["sent"] != 0:
        print("FAIL: nothing can have been sent yet", st1)
        return False
    # a write cut by the crash: half a line at the end of the open segment
    opened = [f for f in os.listdir(spool) if f.endswith(".open")]
    if not opened:
        print("FAIL: expected an open segment after the crash", os.listdir(spool))
        return False
    with open(os.path.join(spool, opened[0]), "a") as f:
        f.write('{"id":"evt-9999')
    env.start_receiver(port, log)
    st2 = env.run_driver(port, spool, 1234, 766)
    env.stop_receiver()
    ok = check_all("sensor restart with a spool left on disk", log, 0, 2000)
    left = [f for f in os.listdir(spool)]
    if left:
        print("FAIL: spool not empty after everything was sent", left)
        ok = False
    if st2["sent"] != 2000:
        print("FAIL: restarted run should have sent the earlier events too", st2)
        ok = False
    return ok


def scenario_bounded_spool(env):
    port, d = free_port(), tempfile.mkdtemp(dir=env.tmp)
    log = os.path.join(d, "got.jsonl")
    # collector never up; spool bounded to ~20 KB: oldest batches dropped and counted
    st = env.run_driver(port, os.path.join(d, "spool"), 0, 2000,
                        ["--batch", "50", "--spool-max", "20000", "--seconds", "3"])
    spool_bytes = sum(os.path.getsize(os.path.join(d, "spool", f))
                      for f in os.listdir(os.path.join(d, "spool")))
    ok = st["dropped"] > 0 and st["sent"] == 0 and spool_bytes <= 20000 + 50 * 200
    print(f"{'ok' if ok else 'FAIL'}: bounded spool: {st['dropped']} oldest events dropped and "
          f"counted, {spool_bytes} bytes kept")
    return ok


def scenario_tls_verified(env):
    port, d = free_port(), tempfile.mkdtemp(dir=env.tmp)
    log = os.path.join(d, "got.jsonl")
    env.start_receiver(port, log)
    # without the collector's CA the certificate is not trusted: nothing is sent, all kept
    st = env.run_driver(port, os.path.join(d, "spool"), 0, 100, ["--seconds", "3"], ca=False)
    env.stop_receiver()
    ids, _ = received(log)
    ok = not ids and st["sent"] == 0 and st["failures"] >= 1
    print(f"{'ok' if ok else 'FAIL'}: untrusted certificate refused ({st['failures']} failures,"
          f" {len(ids)} received)")
    return ok


def scenario_bad_token(env):
    port, d = free_port(), tempfile.mkdtemp(dir=env.tmp)
    log = os.path.join(d, "got.jsonl")
    env.start_receiver(port, log, token="another-token")
    st = env.run_driver(port, os.path.join(d, "spool"), 0, 100, ["--seconds", "3"])
    env.stop_receiver()
    ok = st["sent"] == 0 and st["failures"] >= 1 and len(os.listdir(os.path.join(d, "spool"))) > 0
    print(f"{'ok' if ok else 'FAIL'}: 401 answers keep the events spooled")
    return ok


def scenario_refused_batch(env):
    """A batch the collector keeps refusing (400) is set aside on disk; later ones still go."""
    port, d = free_port(), tempfile.mkdtemp(dir=env.tmp)
    log, spool = os.path.join(d, "got.jsonl"), os.path.join(d, "spool")
    env.start_receiver(port, log, refuse='"poison"')
    st = env.run_driver(port, spool, 0, 1000, ["--batch", "100", "--poison", "250"])
    env.stop_receiver()
    ids, _ = received(log)
    aside = [f for f in os.listdir(spool) if f.endswith(".rejected")]
    kept = set()
    for f in aside:
        with open(os.path.join(spool, f)) as fh:
            kept |= {json.loads(line)["id"] for line in fh}
    ok = (len(aside) == 1 and "evt-00000250" in kept and st["rejected"] == len(kept)
          and set(ids) | kept == want_ids(0, 1000) and not set(ids) & kept)
    print(f"{'ok' if ok else 'FAIL'}: refused batch set aside ({len(kept)} events in "
          f"{aside}), {len(set(ids))} others delivered")
    return ok


def scenario_sensor_end_to_end(env, sensor, pcap):
    """The real binary: every EVE line it writes reaches the collector, despite 500s."""
    port, d = free_port(), tempfile.mkdtemp(dir=env.tmp)
    log, eve = os.path.join(d, "got.jsonl"), os.path.join(d, "eve.json")
    env.start_receiver(port, log, fail_first=2)
    r = subprocess.run([sensor, "--read", pcap, "--eve", eve, "--ship",
                        f"https://127.0.0.1:{port}/ingest", "--token", TOKEN, "--spool",
                        os.path.join(d, "spool"), "--ca", env.cert],
                       capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, OTASUKE_SHIP_CLOSE_WAIT="30"))
    env.stop_receiver()
    with open(eve) as f:
        want = {json.loads(line)["id"] for line in f if line.strip()}
    ids, bad = received(log)
    missing = want - set(ids)
    ok = r.returncode == 0 and want and not missing and bad == 0
    print(f"{'ok' if ok else 'FAIL'}: otasuke-sensor --ship: {len(want)} EVE events, "
          f"{len(want) - len(missing)} received after two 500 answers")
    if not ok:
        print(r.stderr[-2000:])
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", required=True)
    ap.add_argument("--sensor", help="otasuke-sensor binary for the end-to-end scenario")
    ap.add_argument("--pcap", help="capture the sensor reads in the end-to-end scenario")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = Env(os.path.abspath(args.driver), tmp)
        results = []
        try:
            for sc in (scenario_down_then_up, scenario_intermittent_500, scenario_restart,
                       scenario_bounded_spool, scenario_tls_verified, scenario_bad_token,
                       scenario_refused_batch):
                results.append(sc(env))
            if args.sensor and args.pcap:
                results.append(scenario_sensor_end_to_end(env, args.sensor, args.pcap))
        finally:
            env.stop_receiver()
    print(f"{sum(results)}/{len(results)} shipping scenarios passed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
