"""harness.py - starts a real otasuke server (SQLite or PostgreSQL) and an SMTP sink for a test.

Usage in a test file:
    from harness import Server
    with Server() as srv:
        c = srv.client()
        r = c.get("/")
        c.post_form("/signup", {...})   # fills _csrf from the last page automatically

The backend comes from OTASUKE_TEST_BACKEND ("sqlite" default, or "pg", which needs
OTASUKE_TEST_PG_ADMIN, a libpq conninfo of a server the test may create databases on).
Tests that cannot run exit 77 (ctest SKIP_RETURN_CODE), never 0.
"""
import email
import email.policy
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("OTASUKE_BIN", os.path.join(ROOT, "build", "otasuke"))
SKIP = 77


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = body.decode("utf-8", "replace")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"<Response {self.status} {self.text[:200]!r}>"


class Client:
    """A browser-like client: cookies, CSRF token from the last page, optional language."""

    def __init__(self, port, lang=None):
        self.port = port
        self.cookies = {}
        self.csrf = None
        self.lang = lang
        self.token = None

    def request(self, method, path, body=None, headers=None, follow=False):
        h = dict(headers or {})
        if self.cookies:
            jar = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            h["Cookie"] = h["Cookie"] + "; " + jar if "Cookie" in h else jar
        if self.lang and "Accept-Language" not in h:
            h["Accept-Language"] = self.lang
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        resp = Response(r.status, r.getheaders(), r.read())
        conn.close()
        for sc in resp.headers_all("Set-Cookie"):
            name, _, rest = sc.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in sc:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        m = re.search(r'name="_csrf" value="([0-9a-f]{64})"', resp.text)
        if m:
            self.csrf = m.group(1)
        if follow and resp.status in (301, 302, 303, 307):
            return self.get(resp.header("Location"), follow=True)
        return resp

    def get(self, path, follow=False, **kw):
        return self.request("GET", path, follow=follow, **kw)

    def post_form(self, path, fields, csrf=True, follow=False):
        data = dict(fields)
        if csrf and "_csrf" not in data:
            if not self.csrf:
                self.get("/")
            data["_csrf"] = self.csrf
        body = urllib.parse.urlencode(data, doseq=True)
        return self.request("POST", path, body=body,
                            headers={"Content-Type": "application/x-www-form-urlencoded"},
                            follow=follow)

    def api(self, method, path, obj=None):
        body = json.dumps(obj) if obj is not None else None
        h = {"Content-Type": "application/json"} if body is not None else {}
        if method != "GET" and not self.token and self.cookies.get("otasuke_csrf"):
            h["X-CSRF-Token"] = self.cookies["otasuke_csrf"]
        return self.request(method, path, body=body, headers=h)

    # ---- common flows ----
    def signup(self, email, password="correct horse battery", name="山田 太郎"):
        self.get("/signup")
        r = self.post_form("/signup", {"email": email, "password": password,
                                       "password_confirm": password, "name": name,
                                       "agree": "yes"})
        assert r.status == 303, r
        return r

    def login(self, email, password="correct horse battery"):
        self.get("/login")
        return self.post_form("/login", {"email": email, "password": password})


class Server:
    def __init__(self, backend=None, extra_args=()):
        self.backend = backend or os.environ.get("OTASUKE_TEST_BACKEND", "sqlite")
        self.extra_args = list(extra_args)
        self.proc = None
        self.sink = None
        self.dbname = None

    def __enter__(self):
        if not os.path.exists(BIN):
            print(f"SKIP: {BIN} not built")
            sys.exit(SKIP)
        self.tmp = tempfile.mkdtemp(prefix="otasuke-test-")
        os.chmod(self.tmp, 0o777)
        self.mail_dir = os.path.join(self.tmp, "mail")
        os.makedirs(self.mail_dir)
        os.chmod(self.mail_dir, 0o777)
        self.sink = subprocess.Popen(
            [sys.executable, os.path.join(ROOT, "tests", "tools", "smtp_sink.py"),
             "--port", "0", "--dir", self.mail_dir],
            stdout=subprocess.PIPE, text=True)
        line = self.sink.stdout.readline()
        self.smtp_port = int(re.search(r"(\d+)", line).group(1))
        self.port = free_port()
        args = [BIN, "serve", "--listen", f"127.0.0.1:{self.port}", "--var", self.tmp,
                "--smtp", f"smtp://127.0.0.1:{self.smtp_port}", "--threads", "4"]
        if self.backend == "pg":
            admin = os.environ.get("OTASUKE_TEST_PG_ADMIN")
            if not admin:
                print("SKIP: OTASUKE_TEST_PG_ADMIN not set (make check starts PostgreSQL)")
                self.close()
                sys.exit(SKIP)
            self.dbname = "otasuke_test_" + secrets.token_hex(6)
            subprocess.run(["psql", admin, "-q", "-c", f"CREATE DATABASE {self.dbname}"],
                           check=True)
            self.admin = admin
            conninfo = re.sub(r"dbname=\S+", f"dbname={self.dbname}", admin)
            args += ["--pg", conninfo]
        self.log = open(os.path.join(self.tmp, "server.log"), "w")
        self.proc = subprocess.Popen(args + self.extra_args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                r = Client(self.port).get("/healthz")
                if r.status == 200:
                    return self
            except OSError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        self.close()
        raise RuntimeError("server did not start: " + open(os.path.join(self.tmp, "server.log")).read())

    def client(self, lang="ja"):
        return Client(self.port, lang=lang)

    def mails(self):
        """Every mail the sink received, parsed, oldest first."""
        out = []
        for name in sorted(os.listdir(self.mail_dir)):
            if name.endswith(".eml"):
                with open(os.path.join(self.mail_dir, name), "rb") as f:
                    out.append(email.message_from_binary_file(f, policy=email.policy.default))
        return out

    def wait_mail(self, count, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = self.mails()
            if len(m) >= count:
                return m
            time.sleep(0.1)
        raise AssertionError(f"expected {count} mails, got {len(self.mails())}")

    def server_log(self):
        return open(os.path.join(self.tmp, "server.log")).read()

    def run_cli(self, *args, input=None):
        """Runs an otasuke subcommand against this server's database."""
        cmd = [BIN, *args]
        if self.backend == "pg":
            cmd += ["--pg", re.sub(r"dbname=\S+", f"dbname={self.dbname}", self.admin)]
        else:
            cmd += ["--db", os.path.join(self.tmp, "otasuke.db")]
        return subprocess.run(cmd, input=input, capture_output=True, text=True)

    def close(self):
        """Stops everything. A server that does not exit cleanly (a crash, or a sanitizer
        report in the ASan build) fails the test."""
        bad_exit = None
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                bad_exit = "did not stop within 30 s of SIGTERM"
        if self.proc and bad_exit is None and self.proc.returncode not in (0, None):
            bad_exit = f"exited with status {self.proc.returncode}"
        self.proc = None
        if self.sink and self.sink.poll() is None:
            self.sink.kill()
            self.sink.wait()
        if self.dbname:
            subprocess.run(["psql", self.admin, "-q", "-c", f"DROP DATABASE IF EXISTS {self.dbname} WITH (FORCE)"])
            self.dbname = None
        log = ""
        if bad_exit:
            try:
                log = open(os.path.join(self.tmp, "server.log")).read()[-6000:]
            except OSError:
                pass
        if os.environ.get("OTASUKE_KEEP_TMP") is None:
            shutil.rmtree(self.tmp, ignore_errors=True)
        if bad_exit:
            raise AssertionError(f"otasuke serve {bad_exit}\n{log}")

    def __exit__(self, *exc):
        if exc[0] is not None and self.proc:
            sys.stderr.write("---- server log ----\n" + self.server_log()[-4000:])
        self.close()
        return False


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)
