#!/usr/bin/python3
"""smtp_sink.py - a small real SMTP server on loopback that stores every message as a .eml file.

Usage: smtp_sink.py --dir DIR [--host 127.0.0.1] [--port 0] [--port-file FILE]

Speaks EHLO/HELO, MAIL, RCPT, DATA (with dot-unstuffing), RSET, NOOP, QUIT and accepts
AUTH PLAIN/LOGIN with any credentials. Each accepted message is written atomically as
DIR/<seq>-<time>.eml (the raw bytes as received) with DIR/<same>.json holding the envelope
(mail_from, rcpt_to, auth_user). With --port 0 the chosen port is printed on stdout (one
line) and written to --port-file when given. Python 3 standard library only.
"""
import argparse
import base64
import itertools
import json
import os
import socketserver
import sys
import threading
import time

MAX_MESSAGE = 10 * 1024 * 1024
_seq = itertools.count(1)
_seq_lock = threading.Lock()


class Handler(socketserver.StreamRequestHandler):
    timeout = 60

    def reply(self, line):
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def readline(self):
        line = self.rfile.readline(4096)
        if not line:
            return None
        return line.rstrip(b"\r\n").decode("utf-8", "replace")

    def reset(self):
        self.mail_from = None
        self.rcpt_to = []

    def handle(self):
        self.reset()
        self.auth_user = None
        self.reply("220 otasuke-smtp-sink ESMTP ready")
        while True:
            line = self.readline()
            if line is None:
                return
            verb, _, arg = line.partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                self.wfile.write(b"250-otasuke-smtp-sink\r\n250-8BITMIME\r\n"
                                 b"250-SIZE %d\r\n250 AUTH PLAIN LOGIN\r\n" % MAX_MESSAGE)
                self.wfile.flush()
            elif verb == "HELO":
                self.reply("250 otasuke-smtp-sink")
            elif verb == "AUTH":
                self.auth(arg)
            elif verb == "MAIL":
                if not arg.upper().startswith("FROM:"):
                    self.reply("501 syntax: MAIL FROM:<address>")
                    continue
                self.reset()
                self.mail_from = arg[5:].strip().split(" ")[0].strip("<>")
                self.reply("250 OK")
            elif verb == "RCPT":
                if self.mail_from is None:
                    self.reply("503 need MAIL first")
                elif not arg.upper().startswith("TO:"):
                    self.reply("501 syntax: RCPT TO:<address>")
                else:
                    self.rcpt_to.append(arg[3:].strip().split(" ")[0].strip("<>"))
                    self.reply("250 OK")
            elif verb == "DATA":
                if not self.rcpt_to:
                    self.reply("503 need RCPT first")
                    continue
                self.reply("354 end with <CRLF>.<CRLF>")
                data = self.read_data()
                if data is None:
                    return
                if len(data) > MAX_MESSAGE:
                    self.reply("552 message too large")
                else:
                    self.store(data)
                    self.reply("250 OK stored")
                self.reset()
            elif verb == "RSET":
                self.reset()
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 command not implemented")

    def auth(self, arg):
        mech, _, rest = arg.partition(" ")
        mech = mech.upper()
        try:
            if mech == "PLAIN":
                if not rest:
                    self.reply("334 ")
                    rest = self.readline() or ""
                parts = base64.b64decode(rest).split(b"\0")
                self.auth_user = parts[1].decode("utf-8", "replace") if len(parts) == 3 else ""
            elif mech == "LOGIN":
                self.reply("334 VXNlcm5hbWU6")
                self.auth_user = base64.b64decode(self.readline() or "").decode("utf-8", "replace")
                self.reply("334 UGFzc3dvcmQ6")
                self.readline()
            else:
                self.reply("504 mechanism not supported")
                return
        except (ValueError, UnicodeError):
            self.reply("501 bad base64")
            return
        self.reply("235 authenticated")

    def read_data(self):
        chunks = []
        size = 0
        while True:
            line = self.rfile.readline(65536)
            if not line:
                return None
            if line in (b".\r\n", b".\n"):
                break
            if line.startswith(b"."):
                line = line[1:]
            size += len(line)
            if size <= MAX_MESSAGE + 1:
                chunks.append(line)
        return b"".join(chunks)

    def store(self, data):
        outdir = self.server.outdir
        with _seq_lock:
            n = next(_seq)
        name = "%06d-%d" % (n, time.time_ns())
        envelope = {"mail_from": self.mail_from, "rcpt_to": self.rcpt_to,
                    "auth_user": self.auth_user}
        for suffix, payload in ((".json", json.dumps(envelope).encode()), (".eml", data)):
            tmp = os.path.join(outdir, "." + name + suffix + ".tmp")
            with open(tmp, "wb") as f:
                f.write(payload)
            os.replace(tmp, os.path.join(outdir, name + suffix))


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=2525)
    ap.add_argument("--port-file")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    srv = Server((args.host, args.port), Handler)
    srv.outdir = args.dir
    port = srv.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    print(port, flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()


if __name__ == "__main__":
    sys.exit(main())
