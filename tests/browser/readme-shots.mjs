// readme-shots.mjs - takes the README screenshots (docs/screenshots/*.png) against a fresh
// server with `otasuke demo-data`. Run by hand after a visual change:
//   cmake --build build -j2 && node tests/browser/readme-shots.mjs
// Viewport-sized shots (not full pages) keep each PNG well under 200 KB.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { startServer, launch, ROOT } from './lib.mjs';

const OUT = path.join(ROOT, 'docs', 'screenshots');
const PHONE = { width: 390, height: 844 };
const PC = { width: 1280, height: 800 };
const LIMIT = 200 * 1024;

mkdirSync(OUT, { recursive: true });
// The public address printed on the pages, instead of the test server's random port.
const srv = await startServer({ demo: true, args: ['--base-url', 'https://otasuke.example.jp'] });
const browser = await launch();
const sizes = [];

async function context(viewport, login) {
  const ctx = await browser.newContext({ viewport, locale: 'ja-JP', javaScriptEnabled: false });
  const page = await ctx.newPage();
  if (login) {
    await page.goto(srv.base + '/login');
    await page.fill('#email', login[0]);
    await page.fill('#password', login[1]);
    await page.click('main button[type=submit]');
  }
  return { ctx, page };
}

async function save(page, name, url, scrollTo) {
  await page.goto(srv.base + url);
  if (scrollTo) await page.locator(scrollTo).first().scrollIntoViewIfNeeded();
  const file = path.join(OUT, name + '.png');
  await page.screenshot({ path: file });
  const size = statSync(file).size;
  sizes.push(`${name}.png ${Math.round(size / 1024)} KB`);
  if (size > LIMIT) throw new Error(`${name}.png is ${size} bytes, over ${LIMIT}`);
}

async function firstWorkspace(page) {
  await page.goto(srv.base + '/');
  return (await page.getAttribute('main a[href^="/w/"]', 'href')).match(/^\/w\/\d+/)[0];
}

try {
  // Public pages.
  const anon = await context(PHONE);
  await save(anon.page, 'top-phone', '/');

  // The SME at ★★ (さくら印刷): workspace steps, diagnosis result, declaration.
  const pc = await context(PC, ['sme2@demo.otasuke.jp', 'demo-sme2-pass']);
  const org = await firstWorkspace(pc.page);
  await save(pc.page, 'workspace-pc', org);
  await pc.page.goto(srv.base + org + '/diagnosis');
  const result = await pc.page.getAttribute('main table a[href*="/diagnosis/"]', 'href');
  await save(pc.page, 'diagnosis-result-pc', result, '.score-box');
  await save(pc.page, 'declaration-2stars-pc', org + '/declaration');
  const declId = (await pc.page.textContent('.decl-id')).trim();
  await save(pc.page, 'plan-pc', org + '/plan');

  // On a phone: a question of the self-diagnosis, and the public verification page.
  const phone = await context(PHONE, ['sme1@demo.otasuke.jp', 'demo-sme1-pass']);
  const org1 = await firstWorkspace(phone.page);
  await phone.page.goto(srv.base + org1 + '/diagnosis');
  await phone.page.click('.mode-one .btn');
  await save(phone.page, 'diagnosis-item-phone', new URL(phone.page.url()).pathname);
  await save(anon.page, 'verify-phone', '/verify/' + declId);

  // The guidance program: the SME's status and application page, the expert's company,
  // the secretariat's progress and matching pages.
  await save(phone.page, 'program-apply-phone', org1 + '/program');
  const op = await context(PC, ['operator@demo.otasuke.jp', 'demo-operator-pass']);
  await op.page.goto(srv.base + '/operator/programs');
  const prog = (await op.page.getAttribute('main a[href^="/operator/programs/"]:not([href$="/new"])', 'href')).match(/\/operator\/programs\/\d+/)[0];
  await save(op.page, 'program-progress-pc', prog + '/progress');
  await save(op.page, 'program-matching-suggest-pc', prog + '/matching/suggest');
  const ex = await context(PC, ['expert@demo.otasuke.jp', 'demo-expert-pass']);
  await ex.page.goto(srv.base + '/expert');
  const match = await ex.page.getAttribute('main a[href^="/expert/matches/"] >> nth=2', 'href');
  await save(ex.page, 'program-expert-visits-pc', match);
  console.log(sizes.join('\n'));
} finally {
  await browser.close();
  await srv.stop();
}
