#!/usr/bin/env python3
"""test_intel_update.py - `intel update` fetches lists over verified HTTPS, replaces a list only
with a download that parses, and keeps the old file on any failure.

Usage: test_intel_update.py --update build/intel_update_driver
"""
import argparse
import functools
import http.server
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "intel-samples")
OLD = "# old list kept from yesterday\n192.0.2.200\n"


def serve(root, cert, key):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    handler = functools.partial(Quiet, directory=root)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--update", required=True)
    args = ap.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                        key, "-out", cert, "-days", "1", "-subj", "/CN=localhost", "-addext",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1"], check=True,
                       capture_output=True)
        www = os.path.join(tmp, "www")
        os.mkdir(www)
        shutil.copy(os.path.join(SAMPLES, "feodo_ipblocklist.csv"), www)
        shutil.copy(os.path.join(SAMPLES, "drop.txt"), www)
        with open(os.path.join(www, "outage.html"), "w") as f:
            f.write("<html><head><title>Maintenance</title></head>\n<body>\n<p>Back soon.</p>\n"
                    "</body></html>\n")
        srv = serve(www, cert, key)
        base = f"https://127.0.0.1:{srv.server_address[1]}"
        intel = os.path.join(tmp, "intel")
        os.mkdir(intel)
        for name in ("broken", "missing", "untrusted"):
            with open(os.path.join(intel, name), "w") as f:
                f.write(OLD)
        conf = os.path.join(tmp, "intel.conf")
        with open(conf, "w") as f:
            f.write(f"# lists\nfeodo {base}/feodo_ipblocklist.csv\n"
                    f"drop {base}/drop.txt   # Spamhaus\n"
                    f"broken {base}/outage.html\n"
                    f"missing {base}/nope.csv\n"
                    f"plain http://127.0.0.1:1/insecure.txt\n")
        r = subprocess.run([args.update, "update", "--config", conf, "--dir", intel, "--ca", cert,
                            "--timeout", "20"], capture_output=True, text=True, timeout=120)
        print(r.stdout + r.stderr)

        def check(cond, what):
            nonlocal ok
            print(("ok: " if cond else "FAIL: ") + what)
            ok = ok and cond

        check(r.returncode == 1, "exit code 1 when some lists failed")
        with open(os.path.join(SAMPLES, "feodo_ipblocklist.csv")) as a, \
                open(os.path.join(intel, "feodo")) as b:
            check(a.read() == b.read(), "feodo list downloaded and written")
        check("feodo: 4 indicators (feodo)" in r.stdout, "feodo list validated as Feodo CSV")
        check("drop: 4 indicators (spamhaus-drop)" in r.stdout, "DROP list validated")
        for name in ("broken", "missing"):
            with open(os.path.join(intel, name)) as f:
                check(f.read() == OLD, f"{name}: old file kept")
        check("no indicators in the download" in r.stderr, "HTML page rejected")
        check("HTTP 404" in r.stderr, "404 reported")
        check(":6: expected" in r.stderr, "plain-HTTP URL refused")
        check(not os.path.exists(os.path.join(intel, "plain")), "no file for a refused URL")
        check(not [n for n in os.listdir(intel) if n.startswith(".")], "no temp files left")
        # without the server's CA the download is refused and the old file stays
        with open(conf, "w") as f:
            f.write(f"untrusted {base}/feodo_ipblocklist.csv\n")
        r = subprocess.run([args.update, "update", "--config", conf, "--dir", intel],
                           capture_output=True, text=True, timeout=60)
        with open(os.path.join(intel, "untrusted")) as f:
            check(r.returncode == 1 and f.read() == OLD, "untrusted certificate refused")
        r = subprocess.run([args.update, "update", "--dir", intel], capture_output=True)
        check(r.returncode == 2, "usage error without --config")
        srv.shutdown()
    print("intel update: " + ("all checks passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
