// program.test.mjs - the expert guidance program in a real browser, as its three kinds of
// users would click through it: the secretariat opens a program, an expert registers and is
// approved, an SME at ★ applies (eligibility shown before it sends), is accepted, chooses the
// proposed expert; the expert confirms and runs four visits inside the SME's workspace
// (self-diagnosis, basic policy), the SME confirms each date, publishes its policy and
// declares ★★; the expert submits the final report; the SME reads it and answers the survey,
// and the secretariat sees the answer in the results.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, launch, shot, noHorizontalScroll } from './lib.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.stop(); });

const PHONE = { width: 390, height: 844 };
const PC = { width: 1280, height: 900 };
const OWNER = { name: '中村 一郎', email: 'nakamura@nakamura-seiko.example.jp', pass: '毎朝かならず鍵を確認する' };
const EXPERT = { name: '小林 真理', email: 'kobayashi@riss.example.jp', pass: 'expert horse battery' };
const OPERATOR = { email: 'office@secretariat.example.jp', pass: 'secretariat horse battery' };

// Dates as the server sees them: Japan time.
const jstDay = (offset = 0) => new Date(Date.now() + 9 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
const text = (page, sel = 'main') => page.textContent(sel);
const h1 = (page) => page.textContent('h1');
const claimsCertified = (s) => /認定|取得/.test(s.replace(/「[^」]*」/g, ''));

async function context(viewport) {
  const ctx = await browser.newContext({ viewport, locale: 'ja-JP', javaScriptEnabled: false });
  ctx.setDefaultTimeout(5000);
  const page = await ctx.newPage();
  return { ctx, page, go: (p) => page.goto(srv.base + p) };
}

async function login(c, who) {
  await c.go('/login');
  await c.page.fill('#email', who.email);
  await c.page.fill('#password', who.pass);
  await c.page.click('main button[type=submit]');
}

test('an SME goes from its application through four visits to ★★ and the survey', async () => {
  const bin = process.env.OTASUKE_BIN || path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'build', 'otasuke');
  const pw = path.join(srv.tmp, 'op-pass');
  writeFileSync(pw, OPERATOR.pass);
  execFileSync(bin, ['create-user', '--db', path.join(srv.tmp, 'otasuke.db'), '--email', OPERATOR.email,
    '--password-file', pw, '--role', 'operator', '--name', '高橋 事務局'], { stdio: 'ignore' });

  // 1. The secretariat opens a program: applications now, visits over the next two months.
  const op = await context(PC);
  await login(op, OPERATOR);
  await op.go('/operator/programs/new');
  await op.page.fill('#year', jstDay().slice(0, 4));
  await op.page.fill('#name', '情報セキュリティマネジメント指導 ブラウザ試験');
  await op.page.fill('#capacity', '400');
  await op.page.fill('#apply_from', jstDay(-10));
  await op.page.fill('#apply_until', jstDay(10));
  await op.page.fill('#visits_from', jstDay(-5));
  await op.page.fill('#visits_until', jstDay(60));
  await op.page.fill('#visit_count', '4');
  await op.page.fill('#fee_per_visit', '30000');
  assert.match(await op.page.inputValue('#title_ja_1'), /潜在的リスク/, 'curriculum prefilled from the IPA visits');
  await shot(op.page, 'program-01-operator-new');
  await op.page.click('main form button[type=submit]');
  const progUrl = op.page.url().match(/\/operator\/programs\/(\d+)/);
  assert.ok(progUrl, 'program created: ' + op.page.url());
  const prog = progUrl[1];

  // 2. An expert registers (RISS) and the secretariat approves.
  const ex = await context(PC);
  await ex.go('/expert/register');
  await ex.page.fill('#name', EXPERT.name);
  await ex.page.fill('#email', EXPERT.email);
  await ex.page.fill('#password', EXPERT.pass);
  await ex.page.fill('#password_confirm', EXPERT.pass);
  await ex.page.check('input[name=agree]');
  await ex.page.fill('#expert_name', EXPERT.name);
  await ex.page.selectOption('#qualification', 'riss');
  await ex.page.fill('#registration_no', '12345');
  await ex.page.selectOption('#prefecture', '13');
  await ex.page.check('input[name=mode][value=onsite]');
  await ex.page.check('input[name=mode][value=online]');
  await ex.page.click('details:has(input[name=areas]) summary');
  await ex.page.check('input[name=areas][value="14"]');
  await ex.page.check('input[name=specialities] >> nth=0');
  await ex.page.check('input[name=industries][value=E]');
  await ex.page.fill('#capacity', '3');
  await ex.page.fill('#profile', '製造業の中小企業を中心に10年、情報セキュリティの相談に乗っています。');
  await ex.page.click('main form button[type=submit]');
  assert.match(await text(ex.page, '#registration_no-error'), /6桁/, 'a 5-digit RISS number is refused, in Japanese');
  assert.equal(await ex.page.inputValue('#expert_name'), EXPERT.name, 'the input is kept');
  await ex.page.fill('#registration_no', '012345');
  await ex.page.fill('#password', EXPERT.pass);
  await ex.page.fill('#password_confirm', EXPERT.pass);
  await ex.page.click('main form button[type=submit]');
  await ex.go('/expert');
  assert.match(await text(ex.page), /確認しています/, 'the registration waits for the secretariat');

  await op.go('/operator/experts');
  assert.match(await text(op.page), new RegExp(EXPERT.name));
  await op.page.click('main form.inline[action^="/operator/experts/"] button');
  await ex.go('/expert');
  assert.doesNotMatch(await text(ex.page), /確認しています/, 'approved');

  // 3. The SME: sign-up, organization, ★.
  const sme = await context(PHONE);
  await sme.go('/signup');
  await sme.page.fill('#name', OWNER.name);
  await sme.page.fill('#email', OWNER.email);
  await sme.page.fill('#password', OWNER.pass);
  await sme.page.fill('#password_confirm', OWNER.pass);
  await sme.page.check('input[name=agree]');
  await sme.page.click('main button[type=submit]');
  if (!sme.page.url().endsWith('/orgs/new')) await sme.go('/orgs/new');
  await sme.page.fill('#name', '中村精工株式会社');
  await sme.page.selectOption('#org_type', 'company');
  await sme.page.selectOption('#industry', 'manufacturing');
  await sme.page.fill('#capital', '20000000');
  await sme.page.fill('#employees', '18');
  await sme.page.selectOption('#prefecture', '13');
  await sme.page.fill('#representative', OWNER.name);
  await sme.page.click('main button[type=submit]');
  const org = sme.page.url().match(/\/w\/\d+/)[0];

  // Before ★ the program page says why the SME cannot apply yet.
  await sme.go(org + '/program');
  assert.match(await text(sme.page), /満たしていません：\s*このプログラムには、SECURITY ACTIONの宣言/,
    'the missing ★ declaration is named before applying');
  await sme.go(org + '/programs/' + prog + '/apply');
  assert.equal(await sme.page.locator('form[action$="/apply"]').count(), 0, 'no application form before ★');
  await shot(sme.page, 'program-02-sme-not-yet');

  await sme.go(org + '/principles');
  for (const box of await sme.page.locator('input[name=pledge]').all()) await box.check();
  await sme.page.click('button:has-text("宣言する")');
  assert.match(await text(sme.page), /宣言しました/);

  // 4. Apply: every rule shown as passed before sending.
  await sme.go(org + '/programs/' + prog + '/apply');
  assert.equal(await sme.page.locator('ul.reasons li').count() >= 4, true, 'each rule is listed');
  assert.ok(await noHorizontalScroll(sme.page));
  await shot(sme.page, 'program-03-sme-apply');
  await sme.page.fill('#message', '平日の午後なら訪問いただけます。');
  await sme.page.click('form[action$="/apply"] button[type=submit]');
  await sme.go(org + '/program');
  assert.match(await text(sme.page), /受け付け|審査/, 'the application is waiting for a decision');

  // 5. The secretariat accepts; proposes the expert; the SME chooses; the expert confirms.
  await op.go(`/operator/programs/${prog}/applications`);
  assert.match(await text(op.page), /中村精工株式会社/);
  await shot(op.page, 'program-04-operator-applications');
  await op.page.click('form[action$="/decision"]:has(input[value=accept]) button');
  await op.go(`/operator/programs/${prog}/matching`);
  assert.match(await text(op.page), new RegExp(EXPERT.name), 'the expert is a candidate');
  await shot(op.page, 'program-05-operator-matching');
  await op.page.click('form[action$="/matching/proposals"] button[type=submit]');

  await sme.go(org + '/program/experts');
  assert.match(await text(sme.page), new RegExp(EXPERT.name));
  assert.match(await text(sme.page), /情報処理安全確保支援士/);
  await shot(sme.page, 'program-06-sme-choose');
  await sme.page.click('form[action$="/program/experts/choose"] button');

  await ex.go('/expert');
  assert.match(await text(ex.page), /中村精工株式会社/);
  await ex.page.click('form[action$="/confirm"] button');
  await ex.go('/expert');
  const matchHref = await ex.page.getAttribute('main a[href^="/expert/matches/"]', 'href');
  assert.ok(matchHref, 'the confirmed match links to its visits');

  // 6. Four visits: the expert proposes, the SME confirms, the expert reports.
  for (let n = 1; n <= 4; n++) {
    await ex.go(matchHref);
    await ex.page.fill('#p-date', jstDay());
    await ex.page.fill('#p-time', '14:00');
    await ex.page.click('form[action$="/propose"] button[type=submit]');
    await sme.go(org + '/program/visits');
    if (n === 1) await shot(sme.page, 'program-07-sme-confirm-visit');
    await sme.page.click('form[action$="/confirm"] button');

    if (n === 1) {
      // Visit 1: the self-diagnosis together, in the SME's workspace.
      await ex.go(org + '/diagnosis');
      await ex.page.click('.mode-all .btn');
      for (let i = 1; i <= 25; i++) await ex.page.check(`input[name=a${i}][value=${i % 4 === 0 ? 'not_done' : 'done'}]`);
      await ex.page.click('button:has-text("診断を完了して結果を見る")');
      assert.match(await text(ex.page, '.score-num'), /^\d+$/);
    }
    if (n === 2) {
      // Visit 2: the expert drafts the basic policy from the template.
      await ex.go(org + '/policy');
      await ex.page.click('button:has-text("ひな形から下書き")');
      await ex.page.fill('#title', '中村精工 情報セキュリティ基本方針');
      await ex.page.click('button:has-text("下書きを保存")');
    }
    if (n === 3) {
      // Visit 3: the related rules, chapter by chapter; one asset in the risk analysis.
      await ex.go(org + '/rules');
      assert.match(await text(ex.page), /マイナンバー/, 'the eleven chapters include My Number');
      await ex.go(org + '/assets/new');
      await ex.page.fill('#name', '顧客名簿');
      // Confidentiality 3, integrity 2, availability 2; threat 3 (any time), weakness 2.
      for (const [f, v] of [['c', '3'], ['i', '2'], ['a', '2'], ['threat', '3'], ['weakness', '2']])
        await ex.page.check(`input[name=${f}][value="${v}"]`);
      await ex.page.click('main form button[type=submit]');
      await ex.go(org + '/assets');
      assert.match(await text(ex.page), /顧客名簿/);
      assert.match(await text(ex.page), /今期中に対応/, 'risk 3 × 2 = 6 is for this term');
    }

    await ex.go(matchHref);
    await ex.page.fill('#r-date', jstDay());
    await ex.page.fill('#r-summary', `第${n}回の指導を行いました。`);
    await ex.page.check(`input[name=items][value="${n}"]`);
    await ex.page.fill('#r-next', n < 4 ? '次回までに社内で共有してください。' : '計画に沿って進めてください。');
    await ex.page.click('form[action$="/report"] button[type=submit]');
    await ex.go(matchHref);
    assert.match(await text(ex.page), new RegExp(`第${n}回の指導を行いました`), `visit ${n} recorded`);
  }
  await shot(ex.page, 'program-08-expert-four-visits');

  // 7. The SME publishes its basic policy and declares ★★ (its own decision).
  await sme.go(org + '/policy');
  await sme.page.click(`main a[href^="${org}/policy/"].btn-primary`);
  assert.equal(await sme.page.inputValue('#title'), '中村精工 情報セキュリティ基本方針', 'the expert\'s draft');
  await sme.page.click('button:has-text("版を公開する")');
  await sme.go(org + '/declare2');
  await sme.page.check('input[name=confirm]');
  await sme.page.click('button:has-text("★★")');
  assert.match(await text(sme.page), /★★.*宣言しました/);
  assert.ok(!claimsCertified(await text(sme.page)), 'declared, not certified');

  // 8. The final report assembles the deliverables; the SME reads it.
  await ex.go(matchHref + '/report');
  await ex.page.fill('#overall', '基本方針を策定し、★★を宣言しました。');
  await ex.page.fill('#recommendations', '来年度は関連規程を仕上げてください。');
  await ex.page.click('form[action$="/report"] button[type=submit]');
  await sme.go(org + '/program');
  await sme.page.click('a[href$="/program/report"]');
  const report = await text(sme.page);
  for (const s of ['基本方針を策定し', '★★', '顧客名簿', '第4回の指導を行いました'])
    assert.ok(report.includes(s), `the report has ${s}`);
  assert.ok(await noHorizontalScroll(sme.page));
  await shot(sme.page, 'program-09-sme-report');
  const pdf = await sme.ctx.request.get(srv.base + org + '/program/report.pdf');
  assert.equal(pdf.status(), 200);
  assert.equal((await pdf.body()).subarray(0, 4).toString(), '%PDF');

  // 9. The survey, then the secretariat's results.
  await sme.go(org + '/program/survey');
  await sme.page.click('main form button[type=submit]');
  assert.match(await text(sme.page, '[role=alert]'), /＊/, 'unanswered questions are named');
  for (const name of ['industry', 'employees', 'outcome', 'expertise', 'communication', 'fee', 'future_support', 'next_topics'])
    await sme.page.check(`input[name=${name}] >> nth=0`);
  await shot(sme.page, 'program-10-sme-survey');
  await sme.page.click('main form button[type=submit]');
  assert.match(await text(sme.page), /ありがとう/);

  await op.go(`/operator/programs/${prog}/surveys`);
  assert.match(await text(op.page), /1\s*\/\s*1/, 'one of one invited SMEs answered');
  await shot(op.page, 'program-11-operator-survey-results');
  await op.go(`/operator/programs/${prog}/fees`);
  assert.match(await text(op.page), /小林 真理\s*4\s*120,000\s*0\s*120,000/, 'four visits × 30,000 yen are due to the expert');
});
