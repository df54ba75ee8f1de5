// smoke.test.mjs - public pages render in Japanese and English, fit a phone, and work
// without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, shot, noHorizontalScroll } from './lib.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.stop(); });

test('top page in Japanese on a phone, switch to English', async () => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ja-JP', javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/');
  assert.match(await page.textContent('h1'), /サイバー攻撃から会社を守る/);
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  assert.ok(await noHorizontalScroll(page), 'no horizontal scrolling at 390px');
  await shot(page, 'home-ja-phone');
  await page.click('button:has-text("English")');
  assert.match(await page.textContent('h1'), /Protect your business/);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const body = await page.textContent('body');
  assert.doesNotMatch(body, /[ぁ-んァ-ン]/, 'no Japanese left on the English page');
  await shot(page, 'home-en-phone');
  await ctx.close();
});

test('sign-up refuses bad input in Japanese and keeps it', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/signup');
  await page.fill('#name', '山田 太郎');
  await page.fill('#email', 'not-an-address');
  await page.fill('#password', 'short');
  await page.click('button[type=submit].btn-primary');
  assert.match(await page.textContent('#email-error'), /正しいメールアドレス/);
  assert.equal(await page.inputValue('#name'), '山田 太郎');
  assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
  await shot(page, 'signup-errors-ja');
  await ctx.close();
});
