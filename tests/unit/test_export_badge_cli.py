#!/usr/bin/python3
"""test_export_badge_cli.py - `verify-badge` and `badge-key` as a user runs them.

Usage: test_export_badge_cli.py BADGE_TOOL   (a driver exposing the same commands)
"""
import base64
import os
import stat
import subprocess
import sys
import tempfile
import unittest

TOOL = None
ORG = "株式会社やまだ建設"


def run(*args):
    return subprocess.run([TOOL, *args], capture_output=True, text=True, timeout=60)


class BadgeCliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.key = os.path.join(self.tmp.name, "badge.key")
        p = run("make-badge", self.key, "SA2-2026-000123", "2", ORG, "2026-11-22",
                "https://otasuke.example/verify/SA2-2026-000123")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.svg = p.stdout
        self.path = self.write("badge.svg", self.svg)

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return path

    def pubkey(self):
        p = run("badge-key", "--keyfile", self.key)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.strip()

    def test_badge_key_prints_the_instance_key(self):
        k = self.pubkey()
        self.assertEqual(len(base64.b64decode(k)), 32)
        self.assertEqual(self.pubkey(), k, "stable across runs")
        self.assertEqual(stat.S_IMODE(os.stat(self.key).st_mode), 0o600)
        fresh = os.path.join(self.tmp.name, "new.key")
        p = run("badge-key", "--keyfile", fresh)
        self.assertEqual(p.returncode, 0)
        self.assertNotEqual(p.stdout.strip(), k)
        self.assertEqual(stat.S_IMODE(os.stat(fresh).st_mode), 0o600)
        self.assertEqual(run("badge-key").returncode, 2)

    def test_concurrent_first_use_creates_one_key(self):
        path = os.path.join(self.tmp.name, "race.key")
        procs = [subprocess.Popen([TOOL, "badge-key", "--keyfile", path], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(8)]
        keys = set()
        for p in procs:
            out, err = p.communicate(timeout=60)
            self.assertEqual(p.returncode, 0, err)
            keys.add(out.strip())
        self.assertEqual(len(keys), 1, "every process sees the same instance key")
        self.assertEqual(sorted(os.listdir(self.tmp.name)),
                         sorted(["badge.key", "badge.svg", "race.key"]), "no temporary files left")

    def test_valid_badge(self):
        p = run("verify-badge", self.path)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        lines = p.stdout.splitlines()
        self.assertEqual(lines[-1], "VALID")
        self.assertIn("organization: " + ORG, lines)
        self.assertIn("level: 2 (★★)", lines)
        self.assertIn("id: SA2-2026-000123", lines)
        self.assertIn("declared_at: 2026-11-22", lines)
        self.assertIn("public_key: " + self.pubkey(), lines)
        self.assertIn("not pinned", p.stderr)
        p = run("verify-badge", self.path, "--pubkey", self.pubkey())
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("matches --pubkey", p.stdout)

    def test_org_name_edited_in_svg_fails(self):
        visible = self.svg.index("<g font-family")
        edited = self.svg[:visible] + self.svg[visible:].replace(ORG, "株式会社にせもの建設")
        self.assertNotEqual(edited, self.svg)
        p = run("verify-badge", self.write("edited.svg", edited))
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertTrue(p.stdout.startswith("INVALID:"))
        self.assertNotIn("VALID\n", p.stdout.replace("INVALID", ""))
        # editing every occurrence, metadata included, fails as well
        p = run("verify-badge", self.write("edited2.svg", self.svg.replace(ORG, "偽物")))
        self.assertEqual(p.returncode, 1)

    def test_wrong_pinned_key_fails(self):
        other = base64.b64encode(os.urandom(32)).decode()
        p = run("verify-badge", self.path, "--pubkey", other)
        self.assertEqual(p.returncode, 1)
        self.assertIn("different key", p.stdout)

    def test_qr_code_scans_to_the_verification_url(self):
        """Render the badge as a phone camera would see it and decode the QR code
        (rsvg-convert from librsvg2-bin, zbarimg from zbar-tools)."""
        long_url = "https://otasuke.example/verify/SA1-2026-000777?lang=ja&ref=" + "x" * 300
        p = run("make-badge", self.key, "SA1-2026-000777", "1", "有限会社 長い名前の商店" * 5,
                "2026-11-22T09:30:00Z", long_url)
        self.assertEqual(p.returncode, 0, p.stderr)
        for svg, url, zoom in ((self.svg, "https://otasuke.example/verify/SA2-2026-000123", "1"),
                               (p.stdout, long_url, "4")):
            src, png = self.write("qr.svg", svg), os.path.join(self.tmp.name, "qr.png")
            subprocess.run(["rsvg-convert", "-z", zoom, src, "-o", png], check=True, timeout=60)
            z = subprocess.run(["zbarimg", "-q", "--raw", png], capture_output=True, text=True,
                               timeout=60)
            self.assertEqual(z.returncode, 0, z.stderr)
            self.assertEqual(z.stdout.strip(), url)

    def test_bad_input_exits_2(self):
        cases = [
            ("empty.svg", ""),
            ("plain.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>"),
            ("cut.svg", self.svg[: len(self.svg) // 2]),
            ("binary.svg", "\x00\x01garbage"),
        ]
        for name, text in cases:
            p = run("verify-badge", self.write(name, text))
            self.assertEqual(p.returncode, 2, name)
            self.assertTrue(p.stderr.startswith("verify-badge: "), p.stderr)
            self.assertEqual(p.stdout, "")
        self.assertEqual(run("verify-badge", os.path.join(self.tmp.name, "nope.svg")).returncode, 2)
        self.assertEqual(run("verify-badge").returncode, 2)
        self.assertEqual(run("verify-badge", self.path, "--pubkey", "short").returncode, 2)
        self.assertEqual(run("verify-badge", self.path, "--bogus").returncode, 2)


if __name__ == "__main__":
    TOOL = sys.argv[1]
    unittest.main(argv=sys.argv[:1], verbosity=2)
