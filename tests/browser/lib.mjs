// lib.mjs - starts otasuke and an SMTP sink for browser tests, launches Debian's chromium.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const SHOTS = path.join(ROOT, 'tests', 'browser', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function waitFor(url, ms = 20000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { const r = await fetch(url); if (r.ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start: ' + url);
}

// args: extra options of `otasuke serve`, e.g. ['--base-url', 'https://otasuke.example.jp'].
export async function startServer({ demo = false, args = [] } = {}) {
  const tmp = mkdtempSync(path.join(tmpdir(), 'otasuke-browser-'));
  chmodSync(tmp, 0o777);
  const mailDir = path.join(tmp, 'mail');
  mkdirSync(mailDir);
  chmodSync(mailDir, 0o777);
  const sink = spawn('/usr/bin/python3', [path.join(ROOT, 'tests/tools/smtp_sink.py'), '--port', '0', '--dir', mailDir]);
  const smtpPort = await new Promise((resolve) => sink.stdout.once('data', (d) => resolve(parseInt(String(d).match(/\d+/)[0], 10))));
  const port = await freePort();
  const bin = process.env.OTASUKE_BIN || path.join(ROOT, 'build', 'otasuke');
  const db = path.join(tmp, 'otasuke.db');
  if (demo) execFileSync(bin, ['demo-data', '--db', db, '--var', tmp], { stdio: 'ignore' });
  const proc = spawn(bin, ['serve', '--listen', `127.0.0.1:${port}`, '--db', db, '--var', tmp,
    '--smtp', `smtp://127.0.0.1:${smtpPort}`, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(base + '/healthz');
  return {
    base, tmp,
    mails() {
      return readdirSync(mailDir).filter((f) => f.endsWith('.eml')).sort()
        .map((f) => readFileSync(path.join(mailDir, f), 'utf8'));
    },
    async stop() { proc.kill('SIGTERM'); sink.kill(); },
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
      '--disable-gpu', '--no-first-run', '--disable-sync'],
  });
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true });
}

// No horizontal scrolling at the current viewport width.
export async function noHorizontalScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}
