// diagnosis.test.mjs - the self-diagnosis in a real browser without JavaScript: one item per
// screen on a phone (390px), all items on one page on a PC, the result; no horizontal
// scrolling, and the mode that suits the screen is the prominent one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, shot, noHorizontalScroll } from './lib.mjs';

let srv, browser;
before(async () => { srv = await startServer({ demo: true }); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.stop(); });

const PRIMARY = 'rgb(0, 23, 193)';

async function login(viewport) {
  const ctx = await browser.newContext({ viewport, locale: 'ja-JP', javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/login');
  await page.fill('#email', 'sme1@demo.otasuke.jp');
  await page.fill('#password', 'demo-sme1-pass');
  await page.click('main button[type=submit]');
  await page.goto(srv.base + '/');
  const href = await page.getAttribute('main a[href^="/w/"]', 'href');
  assert.ok(href, 'the SME has a workspace');
  return { ctx, page, org: href.match(/^\/w\/\d+/)[0] };
}

const bg = (page, sel) => page.$eval(sel, (e) => getComputedStyle(e).backgroundColor);

test('phone: one question per screen, resumable, to the result', async () => {
  const { ctx, page, org } = await login({ width: 390, height: 844 });
  await page.goto(srv.base + org + '/diagnosis');
  assert.ok(await noHorizontalScroll(page), 'list fits 390px');
  assert.equal(await bg(page, '.mode-one .btn'), PRIMARY, 'one-per-screen is prominent on a phone');
  assert.notEqual(await bg(page, '.mode-all .btn'), PRIMARY);
  await shot(page, 'diagnosis-list-phone');
  await page.click('.mode-one .btn');
  for (let n = 1; n <= 25; n++) {
    assert.match(await page.textContent('#progress'), new RegExp(`^${n} / 25$`));
    if (n === 9) {
      assert.match(await page.textContent('main'), /無線LAN（Wi-Fi）をまったく使っていない/);
      assert.ok(await noHorizontalScroll(page), 'item screen fits 390px');
      await shot(page, 'diagnosis-item9-phone');
      await page.click('label:has-text("利用していない")');
    } else {
      const offered = await page.locator('input[value=not_used]').count();
      assert.equal(offered, n === 23 ? 1 : 0, `"not used" offered on ${n}: ${offered}`);
      await page.click('label:has-text("実施している") >> nth=0');
    }
    await page.click('button:has-text("次へ")');
    if (n === 12) {
      // Leave and come back: the list offers to continue, which resumes at item 13.
      await page.goto(srv.base + org + '/diagnosis');
      assert.match(await page.textContent('main'), /25項目のうち12項目/);
      await page.click('.mode-one .btn');
      assert.match(await page.textContent('#progress'), /^13 \/ 25$/);
    }
  }
  assert.match(await page.textContent('h1'), /自社診断を完了する/);
  await page.click('button:has-text("診断を完了して結果を見る")');
  assert.match(await page.textContent('.score-num'), /^100$/);
  assert.match(await page.textContent('.band-label'), /入門レベルの対策ができています/);
  assert.ok(await noHorizontalScroll(page), 'result fits 390px');
  await shot(page, 'diagnosis-result-phone');
  await ctx.close();
});

test('PC: all questions on one page, missing items listed, result', async () => {
  const { ctx, page, org } = await login({ width: 1280, height: 900 });
  await page.goto(srv.base + org + '/diagnosis');
  assert.equal(await bg(page, '.mode-all .btn'), PRIMARY, 'one page is prominent on a PC');
  await page.click('.mode-all .btn');
  assert.equal(await page.locator('fieldset.diag-item').count(), 25);
  assert.equal(await page.locator('input[value=not_used]').count(), 2);
  for (let n = 1; n <= 20; n++)
    await page.check(`input[name=a${n}][value=${n === 3 ? 'unknown' : n % 2 ? 'done' : 'partly'}]`);
  await page.click('button:has-text("診断を完了して結果を見る")');
  assert.match(await page.textContent('[role=alert]'), /次の項目にも回答してください/);
  assert.equal(await page.locator('[role=alert] a').count(), 5, 'items 21-25 listed');
  assert.ok(await page.isChecked('input[name=a20][value=partly]'), 'answers kept');
  await shot(page, 'diagnosis-form-missing-pc');
  await page.click('[role=alert] a:has-text("No.23")');
  for (let n = 21; n <= 25; n++) await page.check(`input[name=a${n}][value=not_done]`);
  await page.click('button:has-text("診断を完了して結果を見る")');
  // 1-20: done on odd items (10 x 4) except 3 unknown (-1 instead of 4), partly on even
  // items (10 x 2); 21-25 not done: 40 - 4 - 1 + 20 = 55.
  assert.match(await page.textContent('.score-num'), /^55$/);
  assert.match(await page.textContent('.band-label'), /対策が不十分です/);
  assert.equal(await page.locator('.unknown-items li').count(), 1);
  assert.ok(await noHorizontalScroll(page));
  await shot(page, 'diagnosis-result-pc');
  await ctx.close();
});
