"""gt_common.py - shared helpers for the ground-truth tests: corpus location, running the
sensor over many captures in parallel, reading EVE lines."""
import concurrent.futures
import ipaddress
import json
import os
import subprocess
import sys
import tempfile

SKIP = 77  # ctest SKIP_RETURN_CODE


def corpus_dir():
    """$OTASUKE_CORPUS, else ../shared/corpus next to the project; None when absent."""
    env = os.environ.get("OTASUKE_CORPUS")
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, "..", ".."))
    path = env if env else os.path.join(root, "..", "shared", "corpus")
    return path if os.path.isdir(path) else None


def norm_ip(s):
    try:
        return ipaddress.ip_address(s.strip("[]")).compressed
    except ValueError:
        return s


def run_sensor(sensor, pcap, out, extra=()):
    """Runs the sensor on one capture; returns (exit code, stderr)."""
    cmd = [sensor, "--read", pcap, "--eve", out, "--no-detect"] + list(extra)
    try:
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
        return p.returncode, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return -999, "timeout"


def run_many(sensor, jobs, workers=2):
    """jobs: list of (key, pcap, extra_args). Returns {key: (rc, stderr, events)}."""
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        def one(i_job):
            i, (key, pcap, extra) = i_job
            out = os.path.join(tmp, "%d.json" % i)
            rc, err = run_sensor(sensor, pcap, out, extra)
            return key, rc, err, read_eve(out)

        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as ex:
            for key, rc, err, ev in ex.map(one, enumerate(jobs)):
                results[key] = (rc, err, ev)
    return results


def read_eve(path):
    events = []
    if not os.path.exists(path):
        return events
    with open(path, "rb") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                events.append(json.loads(line))
            except ValueError:
                events.append({"event_type": "__invalid_json__", "raw": line[:200].decode("utf-8", "replace")})
    return events


def find_sensor(argv):
    for i, a in enumerate(argv):
        if a == "--sensor" and i + 1 < len(argv):
            return argv[i + 1]
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "build", "otasuke-sensor"))


def flush():
    sys.stdout.flush()
