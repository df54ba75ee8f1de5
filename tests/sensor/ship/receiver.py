#!/usr/bin/env python3
"""receiver.py - loopback HTTPS collector for the shipping tests (stdlib only).

Accepts POST /ingest with gzip-compressed NDJSON, checks the bearer token and headers, and
appends every received line to --log. --fail-every N answers 500 to every Nth request,
--fail-first N to the first N requests.
"""
import argparse
import gzip
import http.server
import json
import ssl
import sys
import threading


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--token", default="")
    ap.add_argument("--log", required=True)
    ap.add_argument("--fail-every", type=int, default=0)
    ap.add_argument("--fail-first", type=int, default=0)
    ap.add_argument("--refuse", default="", help="answer 400 to batches containing this text")
    args = ap.parse_args()
    lock = threading.Lock()
    state = {"requests": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, fmt, *a):
            pass

        def answer(self, code, text):
            body = text.encode()
            self.send_response(code)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            with lock:
                state["requests"] += 1
                nreq = state["requests"]
            if self.headers.get("Authorization") != "Bearer " + args.token:
                return self.answer(401, "bad token")
            if self.headers.get("Content-Encoding") != "gzip":
                return self.answer(415, "want gzip")
            if self.headers.get("Content-Type") != "application/x-ndjson":
                return self.answer(415, "want ndjson")
            if nreq <= args.fail_first or (args.fail_every and nreq % args.fail_every == 0):
                return self.answer(500, "injected failure")
            try:
                text = gzip.decompress(raw).decode("utf-8")
            except Exception:
                return self.answer(400, "bad gzip")
            if args.refuse and args.refuse in text:
                return self.answer(400, "refused batch")
            out = []
            for line in text.splitlines():
                try:
                    ev = json.loads(line)
                    out.append(json.dumps({"id": ev.get("id"), "req": nreq}))
                except ValueError:
                    out.append(json.dumps({"bad": line[:200], "req": nreq}))
            with lock, open(args.log, "a") as f:
                f.write("\n".join(out) + ("\n" if out else ""))
            self.answer(200, "ok")

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    print("ready", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
