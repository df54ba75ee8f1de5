#!/usr/bin/python3
"""test_mail_smtp.py - mail_send against a real SMTP sink on loopback; checks the decoded mail.

Usage: test_mail_smtp.py MAIL_SEND_TOOL SMTP_SINK_PY
"""
import email
import email.policy
import email.utils
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

TOOL = SINK = None


class MailSmtpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = os.path.join(cls.tmp.name, "mail")
        cls.sink = subprocess.Popen([sys.executable, SINK, "--dir", cls.dir, "--port", "0"],
                                    stdout=subprocess.PIPE, text=True)
        cls.port = int(cls.sink.stdout.readline())
        cls.url = "smtp://127.0.0.1:%d" % cls.port

    @classmethod
    def tearDownClass(cls):
        cls.sink.terminate()
        cls.sink.wait(10)
        cls.tmp.cleanup()

    def send(self, to, subject, body, name="お助け隊 事務局", frm="noreply@otasuke.example"):
        before = set(glob.glob(os.path.join(self.dir, "*.eml")))
        bodyfile = os.path.join(self.tmp.name, "body.txt")
        with open(bodyfile, "w", encoding="utf-8", newline="") as f:
            f.write(body)
        p = subprocess.run([TOOL, self.url, frm, name, to, subject, bodyfile],
                           capture_output=True, text=True, timeout=60)
        new = sorted(set(glob.glob(os.path.join(self.dir, "*.eml"))) - before)
        return p, new

    def parse(self, path):
        with open(path, "rb") as f:
            raw = f.read()
        return raw, email.message_from_bytes(raw, policy=email.policy.default)

    def check_wire_format(self, raw):
        head, _, body = raw.partition(b"\r\n\r\n")
        self.assertTrue(body, "headers and body separated by a blank CRLF line")
        for line in raw.split(b"\r\n"):
            self.assertLessEqual(len(line), 78, line)
            self.assertTrue(all(b < 0x80 for b in line), "message is 7-bit clean: %r" % line)
        self.assertNotIn(b"\n", raw.replace(b"\r\n", b""), "no bare LF")
        for word in re.findall(rb"=\?[^?]+\?[BbQq]\?[^?]*\?=", head):
            self.assertLessEqual(len(word), 75, word)
        for line in body.split(b"\r\n"):
            self.assertLessEqual(len(line), 76)

    def test_japanese_subject_and_body(self):
        subject = "【otasuke】パスワード再設定のご案内"
        body = ("山田 太郎 様\n\nパスワード再設定のご依頼を受け付けました。\n"
                "次のリンクを開いて、新しいパスワードを設定してください。リンクの有効期限は30分です。"
                "心当たりがない場合は、このメールを破棄してください。\n"
                "https://otasuke.example/reset?token=abc\n\n— お助け隊 事務局\n")
        p, new = self.send("yamada@example.co.jp", subject, body)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(len(new), 1)
        raw, msg = self.parse(new[0])
        self.check_wire_format(raw)
        self.assertEqual(msg["Subject"], subject)
        self.assertIn(b"=?UTF-8?B?", raw)
        self.assertEqual(msg["From"].addresses[0].display_name, "お助け隊 事務局")
        self.assertEqual(msg["From"].addresses[0].addr_spec, "noreply@otasuke.example")
        self.assertEqual(msg["To"].addresses[0].addr_spec, "yamada@example.co.jp")
        self.assertEqual(msg.get_content_type(), "text/plain")
        self.assertEqual(msg.get_content_charset(), "utf-8")
        self.assertEqual(msg["MIME-Version"], "1.0")
        self.assertEqual(msg["Content-Transfer-Encoding"], "base64")
        self.assertRegex(msg["Message-ID"], r"^<[0-9a-f]{32}@otasuke\.example>$")
        when = email.utils.parsedate_to_datetime(msg["Date"])
        self.assertLess(abs(time.time() - when.timestamp()), 120)
        decoded = msg.get_content()
        self.assertEqual(decoded.replace("\r\n", "\n"), body)
        self.assertIn("\r\n", msg.get_payload(decode=True).decode("utf-8"), "canonical CRLF")

    def test_the_plain_subject(self):
        subject = "パスワード再設定のご案内"
        p, new = self.send("a@example.jp", subject, "本文です。\n")
        self.assertEqual(p.returncode, 0, p.stderr)
        raw, msg = self.parse(new[0])
        self.assertEqual(msg["Subject"], subject)
        self.assertEqual(msg.get_content().replace("\r\n", "\n"), "本文です。\n")

    def test_long_subject_splits_on_character_boundaries(self):
        subject = "セキュリティ対策自己宣言🔒" * 8 + " (SECURITY ACTION) ★★ 二つ星"
        p, new = self.send("b@example.jp", subject, "x")
        self.assertEqual(p.returncode, 0, p.stderr)
        raw, msg = self.parse(new[0])
        self.check_wire_format(raw)
        head = raw.partition(b"\r\n\r\n")[0]
        words = re.findall(rb"=\?UTF-8\?B\?([^?]*)\?=", head)
        self.assertGreater(len(words), 5)
        import base64
        for w in words:  # every word decodes on its own: no character split across words
            base64.b64decode(w).decode("utf-8")
        self.assertEqual(msg["Subject"], subject)

    def test_ascii_subject_stays_plain(self):
        p, new = self.send("c@example.jp", "Password reset", "Hello\n", name="otasuke")
        self.assertEqual(p.returncode, 0, p.stderr)
        raw, msg = self.parse(new[0])
        self.assertIn(b"\r\nSubject: Password reset\r\n", raw)
        self.assertEqual(msg["From"].addresses[0].display_name, "otasuke")

    def test_header_injection_is_refused(self):
        for subject in ("件名\r\nBcc: victim@example.com", "件名\nBcc: victim@example.com",
                        "a\rb"):
            p, new = self.send("d@example.jp", subject, "x")
            self.assertEqual(p.returncode, 1)
            self.assertIn("subject", p.stderr)
            self.assertEqual(new, [])
        p, new = self.send("d@example.jp", "ok", "x", name="名前\r\nBcc: v@example.com")
        self.assertEqual(p.returncode, 1)
        self.assertEqual(new, [])

    def test_invalid_addresses_are_refused(self):
        for to in ("d@example.jp>\r\nRCPT TO:<x@y.z", "no-at-sign", "a@b@c.jp", "a b@c.jp",
                   "a@-bad.jp", ".a@c.jp", "a..b@c.jp", "a@c.jp.", "<a@c.jp>", "",
                   "x" * 65 + "@c.jp", "山田@example.jp"):
            p, new = self.send(to, "件名", "x")
            self.assertEqual(p.returncode, 1, to)
            self.assertIn("recipient", p.stderr)
            self.assertEqual(new, [])
        p, new = self.send("e@example.jp", "件名", "x", frm="bad sender@x.jp")
        self.assertEqual(p.returncode, 1)
        self.assertIn("sender", p.stderr)

    def test_smtp_auth_on_loopback(self):
        bodyfile = os.path.join(self.tmp.name, "b3.txt")
        with open(bodyfile, "w") as f:
            f.write("認証つき送信のテストです。\n")
        before = set(glob.glob(os.path.join(self.dir, "*.json")))
        p = subprocess.run([TOOL, self.url, "noreply@otasuke.example", "", "f@example.jp",
                            "認証", bodyfile, "mailer", "s3cret"],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        new = sorted(set(glob.glob(os.path.join(self.dir, "*.json"))) - before)
        self.assertEqual(len(new), 1)
        with open(new[0]) as f:
            env = json.load(f)
        self.assertEqual(env["auth_user"], "mailer")
        self.assertEqual(env["mail_from"], "noreply@otasuke.example")
        self.assertEqual(env["rcpt_to"], ["f@example.jp"])

    def test_connection_refused_is_reported(self):
        bodyfile = os.path.join(self.tmp.name, "b2.txt")
        with open(bodyfile, "w") as f:
            f.write("x")
        p = subprocess.run([TOOL, "smtp://127.0.0.1:1", "a@b.jp", "", "c@d.jp", "s", bodyfile],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 1)
        self.assertTrue(p.stderr.startswith("mail: "), p.stderr)


if __name__ == "__main__":
    TOOL, SINK = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
