// journey.test.mjs - the whole SME journey in Japanese, by clicking and typing as an owner
// would: sign up, register the organization, ★, self-diagnosis (phone, then PC), basic
// policy, the ★★ refusal and declaration, action plan, handbook, policy PDF, an advisor
// invited by e-mail, and the public verification of ★★ while logged out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, shot, noHorizontalScroll } from './lib.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.stop(); });

const PHONE = { width: 390, height: 844 };
const PC = { width: 1280, height: 900 };
const OWNER = { name: '山田 太郎', email: 'yamada@yamada-kensetsu.example.jp', pass: '毎朝かならず鍵を確認する' };
const ADVISOR = { name: '佐藤 花子', email: 'sato@shokokai.example.jp', pass: 'advisor horse battery' };

const text = (page, sel = 'main') => page.textContent(sel);
// SECURITY ACTION is declared, never 「認定」 or 「取得」; the logo rules may quote the words.
const claimsCertified = (s) => /認定|取得/.test(s.replace(/「[^」]*」/g, ''));
const h1 = (page) => page.textContent('h1');

// The first mail addressed to `to`: its subject (RFC 2047 words decoded) and its text (base64
// body decoded).
function mailTo(to) {
  for (const m of srv.mails()) {
    const [head, ...rest] = m.split(/\r?\n\r?\n/);
    if (!new RegExp('^To:.*' + to.replace(/\./g, '\\.'), 'mi').test(head)) continue;
    const raw = (head.match(/^Subject:(.*(?:\r?\n[ \t].*)*)/mi) || ['', ''])[1];
    const words = [...raw.matchAll(/=\?UTF-8\?B\?([^?]*)\?=/gi)];
    const subject = words.length
      ? Buffer.concat(words.map((w) => Buffer.from(w[1], 'base64'))).toString('utf8')
      : raw.trim();
    const body = rest.join('\n\n');
    return {
      subject,
      text: /Content-Transfer-Encoding:\s*base64/i.test(head)
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body,
    };
  }
  return undefined;
}

test('an SME owner goes from sign-up to ★★ and the public verification', async () => {
  const ctx = await browser.newContext({ viewport: PHONE, locale: 'ja-JP', javaScriptEnabled: false });
  ctx.setDefaultTimeout(5000);
  const page = await ctx.newPage();
  const go = (p) => page.goto(srv.base + p);

  // 1. Sign up.
  await go('/');
  await page.click('header a[href="/signup"]');
  assert.match(await h1(page), /アカウント/);
  await page.fill('#name', OWNER.name);
  await page.fill('#email', OWNER.email);
  await page.fill('#password', OWNER.pass);
  await page.fill('#password_confirm', OWNER.pass);
  await page.check('input[name=agree]');
  await shot(page, 'journey-01-signup');
  await page.click('main button[type=submit]');

  // 2. Register the organization; the SME decision names the rule and the reason.
  if (!page.url().endsWith('/orgs/new')) await go('/orgs/new');
  assert.match(await h1(page), /組織/);
  await page.fill('#name', '山田建設株式会社');
  await page.selectOption('#org_type', 'company');
  await page.selectOption('#industry', 'construction');
  await page.fill('#capital', '30000000');
  await page.fill('#employees', '12');
  await page.selectOption('#prefecture', '13');
  await page.fill('#website', 'https://www.yamada-kensetsu.example.jp/');
  await page.fill('#representative', OWNER.name);
  await shot(page, 'journey-02-org-form');
  await page.click('main button[type=submit]');
  assert.match(page.url(), /\/w\/\d+\/eligibility$/);
  const org = page.url().match(/\/w\/\d+/)[0];
  const elig = await text(page);
  assert.match(elig, /中小企業に当たります/, 'the SME decision is shown');
  assert.match(elig, /建設業/, 'the reason names the industry');
  assert.match(elig, /3億円/, 'the reason names the capital limit of the rule');
  assert.ok(await noHorizontalScroll(page));
  await shot(page, 'journey-03-eligibility');

  // 3. The five principles, the pledge, ★ with a declaration ID.
  await page.click('main a[href$="/principles"]');
  assert.equal(await page.locator('ol.steps > li').count(), 5, 'five principles');
  assert.match(await text(page), /OSやソフトウェアは常に最新の状態にしよう/);
  await page.click('button:has-text("宣言する")');
  assert.match(await text(page, '[role=alert]'), /＊/, 'declaring without the pledge is refused');
  for (const box of await page.locator('input[name=pledge]').all()) await box.check();
  await shot(page, 'journey-04-pledge');
  await page.click('button:has-text("宣言する")');
  assert.match(page.url(), /\/declaration$/);
  assert.match(await text(page), /山田建設株式会社は SECURITY ACTION ★.*宣言しました/);
  const declId = (await text(page, '.decl-id')).trim();
  assert.match(declId, /^\S{6,}$/, 'a declaration ID is issued: ' + declId);
  assert.match(await text(page), /ロゴマーク/, 'the logo usage rules are shown');
  assert.ok(!claimsCertified(await text(page)), 'declared, not certified');
  await shot(page, 'journey-05-declared-1star');

  // 4. ★★ before the prerequisites: refused, and the page names what is missing.
  await go(org + '/declare2');
  const pre = await text(page);
  assert.match(pre, /自社診断/);
  assert.match(pre, /基本方針/);
  assert.equal(await page.locator('main .prereq strong').count(), 2, 'both prerequisites missing');
  assert.match(await text(page, 'main .prereq'), /まだです：自社診断[\s\S]*まだです：基本方針/);
  assert.equal(await page.locator('button:has-text("★★")').count(), 0, 'no ★★ button yet');
  await shot(page, 'journey-06-2star-refused');

  // 5. Self-diagnosis on the phone: one item per screen, leave after 5, resume.
  await go(org);
  await page.click('main a[href$="/diagnosis"] >> nth=0');
  await page.click('.mode-one .btn');
  for (let n = 1; n <= 5; n++) {
    assert.match(await text(page, '#progress'), new RegExp(`^${n} / 25$`));
    assert.ok(await noHorizontalScroll(page), `item ${n} fits 390px`);
    if (n === 1) await shot(page, 'journey-07-diagnosis-item-phone');
    await page.click(`label:has-text("${n === 2 ? '一部実施している' : '実施している'}") >> nth=0`);
    await page.click('button:has-text("次へ")');
  }
  await go(org);
  await page.click('main a[href$="/diagnosis"] >> nth=0');
  assert.match(await text(page), /25項目のうち5項目/, 'the list shows the progress');
  await page.click('.mode-one .btn');
  assert.match(await text(page, '#progress'), /^6 \/ 25$/, 'resumes at the first unanswered item');

  // ... and finishes on one page at PC width; the phone answers are kept.
  await page.setViewportSize(PC);
  await go(org + '/diagnosis');
  await page.click('.mode-all .btn');
  assert.equal(await page.locator('fieldset.diag-item').count(), 25);
  assert.ok(await page.isChecked('input[name=a2][value=partly]'), 'answer from the phone kept');
  for (let n = 6; n <= 25; n++) {
    const v = n === 9 ? 'not_used' : n === 14 ? 'unknown' : n % 3 === 0 ? 'not_done' : 'done';
    await page.check(`input[name=a${n}][value=${v}]`);
  }
  await page.click('button:has-text("診断を完了して結果を見る")');

  // 6. The result: total, band, chart, わからない items, advice.
  // 1-5: 4,2,4,4,4 = 18; 6-25: not_done on 6,12,15,18,21,24 (0), unknown on 14 (-1),
  // not_used on 9 (4), done on the 12 others (48): 18 + 52 - 1 = 69.
  assert.match(await text(page, '.score-num'), /^69$/);
  assert.match(await text(page, '.band-label'), /\S/);
  assert.equal(await page.locator('.diag-chart svg').count(), 1, 'part scores as a chart');
  assert.equal(await page.locator('.unknown-items li').count(), 1, 'わからない listed');
  assert.equal(await page.locator('article.advice').count(), 8, 'advice for each item below 4');
  assert.match(await text(page, '#advice-6'), /\S+/);
  assert.ok(await noHorizontalScroll(page));
  await shot(page, 'journey-08-diagnosis-result-pc');

  // With the diagnosis done, ★★ is still refused and names the one thing missing.
  await go(org + '/declare2');
  assert.equal(await page.locator('main .prereq strong').count(), 1);
  assert.match(await text(page, 'main .prereq strong'), /まだです：基本方針を作って公開してください/);
  assert.match(await text(page, 'main .prereq'), /✓ 済み 自社診断を終えていること/);
  assert.equal(await page.locator('button:has-text("★★")').count(), 0, 'no ★★ button yet');
  // A forged POST (no button on the page) is refused too, and nothing is declared.
  const csrf = await page.getAttribute('header input[name=_csrf]', 'value');
  const forged = await ctx.request.post(srv.base + org + '/declare2',
    { form: { _csrf: csrf, confirm: 'yes' }, maxRedirects: 0 });
  assert.ok(forged.status() >= 400, 'POST ★★ without a published policy: ' + forged.status());
  assert.match(await forged.text(), /基本方針/, 'the refusal names the missing policy');
  await go(org);
  assert.doesNotMatch(await text(page, 'p.stars'), /★★/);

  // 7. Basic policy: draft from the template, edit, publish.
  await go(org + '/policy');
  await page.click('button:has-text("ひな形から下書き")');
  assert.match(await page.inputValue('#body'), /山田建設株式会社/, 'template filled from the profile');
  await page.fill('#title', '山田建設 情報セキュリティ基本方針');
  await page.fill('#body', (await page.inputValue('#body')) + '\n\n当社は毎月、全員でパスワードの使い回しがないかを確認します。');
  await page.click('button:has-text("下書きを保存")');
  assert.match(await page.inputValue('#title'), /山田建設 情報セキュリティ基本方針/, 'edit saved');
  await page.click('button:has-text("版を公開する")');
  assert.match(await text(page), /公開/);
  await shot(page, 'journey-09-policy-published');
  const pub = await ctx.request.get(srv.base + '/orgs/' + org.slice(3) + '/policy');
  assert.equal(pub.status(), 200);
  assert.match(await pub.text(), /パスワードの使い回しがないか/, 'the edited text is public');

  // 8. ★★ now: the prerequisites are done; a step-up from ★ with the same ID.
  await go(org + '/declare2');
  assert.equal(await page.locator('main .prereq strong').count(), 0, 'nothing missing');
  await page.check('input[name=confirm]');
  await shot(page, 'journey-10-2star-ready');
  await page.click('button:has-text("★★")');
  assert.match(await text(page), /★★.*宣言しました/);
  assert.equal((await text(page, '.decl-id')).trim(), declId, 'the declaration ID stays the same');
  assert.match(await text(page, 'main dl'), /★★ 二つ星 （★からのステップアップ）/, 'recorded as a step-up');
  await go(org);
  assert.match(await text(page, 'p.stars'), /★★/);
  await shot(page, 'journey-11-workspace-2stars');
  // English is one click away on every page, and Japanese one click back.
  await page.click('header button:has-text("English")');
  assert.match(page.url(), new RegExp(org + '$'), 'the switch stays on the page');
  assert.match(await text(page, 'p.stars'), /★★ Two stars declared/);
  await page.click('header button:has-text("日本語")');
  assert.match(await text(page, 'p.stars'), /★★ 二つ星を宣言済み/);

  // 9. Action plan: generate, change an item.
  await go(org + '/plan');
  await page.click('button:has-text("計画")');
  const rows = await page.locator('table.plan-table tbody tr').count();
  assert.ok(rows >= 8, `a measure per gap (${rows} rows)`);
  assert.match(await text(page), /テレワーク/, 'telework measures included');
  await page.click('table.plan-table tbody tr >> nth=0 >> a:has-text("編集")');
  await page.fill('#owner', '総務 鈴木');
  await page.check('input[name=status][value=doing]');
  await page.click('button:has-text("保存")');
  assert.match(await text(page, 'table.plan-table tbody tr >> nth=0'), /総務 鈴木\s+実施中/);
  await shot(page, 'journey-12-plan');

  // 10. The handbook, assembled from the plan.
  await page.click('main a[href$="/handbook"]');
  assert.match(await h1(page), /ハンドブック/);
  assert.ok(await page.locator('.hb-chapter').count() >= 2, 'chapters from the measures');
  await shot(page, 'journey-13-handbook');

  // 11. The policy as PDF.
  await go(org + '/policy');
  const pdfHref = await page.getAttribute('main a[href$="/policy.pdf"]', 'href');
  const pdf = await ctx.request.get(srv.base + pdfHref);
  assert.equal(pdf.status(), 200);
  assert.equal((await pdf.body()).subarray(0, 4).toString(), '%PDF');

  // 12. Invite an advisor by e-mail; the advisor signs up from the link in a second browser.
  await go(org + '/advisors');
  await page.fill('#email', ADVISOR.email);
  await page.click('button:has-text("招待")');
  assert.match(await text(page), new RegExp(ADVISOR.email.replace(/\./g, '\\.')));
  let mail;
  for (let i = 0; i < 50 && !mail; i++) {
    mail = mailTo(ADVISOR.email);
    if (!mail) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(mail, 'the invitation mail arrived');
  assert.equal(mail.subject, 'otasukeワークスペースへの招待', 'Japanese subject, encoded correctly');
  assert.match(mail.text, /山田建設株式会社/);
  assert.match(mail.text, new RegExp(OWNER.name));
  const link = mail.text.match(/https?:\/\/\S+\/invite\/accept\?token=[A-Za-z0-9_-]+/);
  assert.ok(link, 'the mail has the invitation link');
  const actx = await browser.newContext({ viewport: PHONE, locale: 'ja-JP', javaScriptEnabled: false });
  const ap = await actx.newPage();
  await ap.goto(srv.base + new URL(link[0]).pathname + new URL(link[0]).search);
  assert.match(await ap.textContent('main'), /山田建設株式会社/);
  await ap.fill('#name', ADVISOR.name);
  await ap.fill('#email', ADVISOR.email);
  await ap.fill('#password', ADVISOR.pass);
  await ap.fill('#password_confirm', ADVISOR.pass);
  await ap.check('input[name=agree]');
  await shot(ap, 'journey-14-advisor-signup');
  await ap.click('button:has-text("アカウントを作って")');
  if (!/\/w\/\d+/.test(ap.url())) await ap.goto(srv.base + org);
  assert.match(await ap.textContent('h1'), /山田建設株式会社/, 'the advisor sees the workspace');
  assert.match(await ap.textContent('main'), /★★/);
  await shot(ap, 'journey-15-advisor-workspace');
  await actx.close();
  // The owner sees the advisor with the date (not a raw timestamp) and a red "remove" button.
  await go(org + '/advisors');
  const card = await text(page, 'main .cards .card');
  assert.match(card, new RegExp(ADVISOR.name));
  assert.match(card, /\d{4}-\d\d-\d\dから/);
  assert.doesNotMatch(card, /T\d\d:\d\d/);
  assert.equal(await page.$eval('main .cards .btn-danger', (e) => getComputedStyle(e).borderTopColor),
    'rgb(179, 0, 0)', 'the remove button is drawn as a dangerous action');

  // 13. Logged out, anyone finds the declarer and checks the declaration and its badge.
  await page.click('header button:has-text("ログアウト")');
  assert.equal(await page.locator('header form[action="/logout"]').count(), 0, 'logged out');
  await page.click('header a[href="/search"]');
  await page.fill('#q', '山田建設');
  await page.selectOption('#pref', '13');
  await page.click('main button[type=submit]');
  assert.match(await text(page, '#results + ul'), /山田建設株式会社[\s\S]*★★/);
  await page.click(`main a[href="/verify/${declId}"]`);
  const v = await text(page);
  assert.match(v, /有効/);
  assert.match(v, /★★/);
  assert.match(v, /山田建設株式会社/);
  assert.match(v, new RegExp(declId));
  assert.ok(!claimsCertified(v), 'declared, not certified');
  assert.ok(await noHorizontalScroll(page));
  await shot(page, 'journey-16-verify');
  const api = await (await ctx.request.get(srv.base + '/api/v1/declarations/' + declId)).json();
  assert.equal(api.level, 2);
  assert.equal(api.status, 'active');
  assert.equal(api.organization_name, '山田建設株式会社');
  const badge = await ctx.request.get(srv.base + '/verify/' + declId + '/badge.svg');
  assert.equal(badge.status(), 200);
  assert.match(await badge.text(), /^<(\?xml|svg)/);
  await ctx.close();
});
