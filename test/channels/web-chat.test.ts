import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason as skipReason, hasChromium, launchChromium } from '../support/chromium.js';
import { repoDir } from '../support/shared.js';
import { startTestApp, type TestApp } from './support.js';

// Tests never rewrite tracked files: the screenshot goes to test-results/; `UPDATE_SCREENSHOTS=1` refreshes docs/web-chat.png.
const screenshotFile = process.env.UPDATE_SCREENSHOTS
  ? path.join(repoDir, 'docs', 'web-chat.png')
  : path.join(repoDir, 'test-results', 'web-chat.png');

describe('static files', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('serves the chat and the console with a strict CSP and no inline script', async () => {
    for (const page of ['/', '/console']) {
      const response = await fetch(`${t.baseUrl}${page}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await response.text();
      expect(html).toContain('lang="vi"');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
    for (const file of ['/chat.js', '/chat.css', '/console.js', '/console-common.js', '/console-desk.js', '/console.css'])
      expect((await fetch(`${t.baseUrl}${file}`)).status).toBe(200);
    const missing = await fetch(`${t.baseUrl}/nothing-here.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toHaveProperty('error.code', 'not_found');
  });
});

describe.skipIf(!hasChromium)(hasChromium ? 'web chat in Chromium' : `web chat in Chromium (${skipReason})`, () => {
  let t: TestApp;
  let browser: BrowserContext;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    t = await startTestApp();
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await t?.close();
  });

  it('asks a question, follows a quick reply, and keeps markup as text', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 420, height: 860 });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    await page.goto(t.baseUrl);

    const botMessages = page.locator('#log .msg-bot');
    await expect.poll(() => botMessages.count()).toBe(1);

    // Typed and sent with Enter, as a keyboard user would.
    await page.getByLabel('Câu hỏi của bạn').fill('Lệ phí đăng ký khai sinh');
    await page.getByLabel('Câu hỏi của bạn').press('Enter');
    await botMessages.nth(1).waitFor();
    // A string expression: the test's TypeScript has no DOM types.
    // The id the server issued, kept for the next visit.
    const sessionId = await page.evaluate<string>(`JSON.parse(localStorage.getItem('motcua.chat.v2') || '{}').sessionId`);
    expect(sessionId).toMatch(/^web:[\w-]{24}$/);
    const first = await t.app.assistant.ask({ text: 'Lệ phí đăng ký khai sinh', sessionId: 'mirror:web:1' });
    expect(await botMessages.nth(1).innerText()).toContain(first.reply.split('\n')[0]);

    const quickReplies = page.locator('#suggestions button');
    await expect.poll(() => quickReplies.allInnerTexts()).toEqual(first.suggestions);
    const pressed = first.suggestions[0];
    await quickReplies.first().click();
    await botMessages.nth(2).waitFor();
    const followUp = await t.app.assistant.ask({ text: pressed, sessionId: 'mirror:web:1' });
    expect(await page.locator('#log .msg-user').last().innerText()).toContain(pressed);
    expect(await botMessages.nth(2).innerText()).toContain(followUp.reply.split('\n')[0]);
    mkdirSync(path.dirname(screenshotFile), { recursive: true });
    await page.screenshot({ path: screenshotFile, fullPage: true });

    // Catalog markup arrives as text: no element is created from it.
    await page.getByLabel('Câu hỏi của bạn').fill('thủ tục thử nghiệm kênh nộp ở đâu');
    await page.getByRole('button', { name: 'Gửi' }).click();
    await botMessages.nth(3).waitFor();
    expect(await botMessages.nth(3).innerText()).toContain('<b>in đậm</b> & "ngoặc" <script>');
    expect(await page.locator('#log b, #log script').count()).toBe(0);

    // The conversation survives a reload within the browser session.
    await page.reload();
    await expect.poll(() => page.locator('#log .msg').count()).toBe(7);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the messages pushed to its session, with the next answer and by polling (finding: the notifications /ask returns were dropped)', async () => {
    const page = await browser.newPage();
    await page.goto(t.baseUrl);
    const input = page.getByLabel('Câu hỏi của bạn');
    await input.fill('chào bạn');
    await input.press('Enter');
    await page.locator('#log .msg-bot').nth(1).waitFor();
    const sessionId = await page.evaluate<string>(`JSON.parse(localStorage.getItem('motcua.chat.v2') || '{}').sessionId`);

    await t.app.notifications.send(sessionId, { text: 'Cán bộ trả lời: hồ sơ của bạn đã đủ.', suggestions: [] }, 'staff');
    await input.fill('cảm ơn');
    await input.press('Enter');
    await page.locator('#log .msg-push').first().waitFor();
    expect(await page.locator('#log .msg-push').first().innerText()).toContain('hồ sơ của bạn đã đủ');

    await t.app.notifications.send(sessionId, { text: 'Hồ sơ 000.00.12.H56-261020-0031 đã có kết quả.', suggestions: [] }, 'dossier');
    await page.evaluate(`document.dispatchEvent(new Event('visibilitychange'))`);
    await expect.poll(() => page.locator('#log .msg-push').count()).toBe(2);
    expect(await page.locator('#log .msg-push').nth(1).innerText()).toContain('đã có kết quả');
    // The same conversation after a reload: the id is kept.
    await page.reload();
    await expect.poll(() => page.locator('#log .msg-push').count()).toBe(2);
    expect(await page.evaluate<string>(`JSON.parse(localStorage.getItem('motcua.chat.v2') || '{}').sessionId`)).toBe(sessionId);
    await page.close();
  });

  it('says so kindly when the server refuses', async () => {
    const page = await browser.newPage();
    await page.route('**/api/v1/ask', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"x"}}' }),
    );
    await page.goto(t.baseUrl);
    await page.getByLabel('Câu hỏi của bạn').fill('Lệ phí đăng ký khai sinh');
    await page.getByLabel('Câu hỏi của bạn').press('Enter');
    await page.locator('#log .msg-error').waitFor();
    expect(await page.locator('#log .msg-error').innerText()).toMatch(/thử lại/);
    expect(await page.getByLabel('Câu hỏi của bạn').inputValue()).toBe('Lệ phí đăng ký khai sinh');
    await page.close();
  });
});
