import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaveQuestion } from '../desk/support.js';
import { postJson } from '../support/app.js';
import { chromiumSkipReason, hasChromium, launchChromium } from '../support/chromium.js';
import { startTestApp, type TestApp } from './support.js';

/**
 * The hotline console played by an operator in Chromium: answers a question a citizen left and
 * sees it arrive in the citizen's open web chat, looks a dossier up and reads the decoded view,
 * finds a procedure by its code and moves through its sections.
 */
const STAFF = 'staff-token-console-0123456789abcdef';
const title = hasChromium ? 'hotline console in Chromium' : `hotline console in Chromium (${chromiumSkipReason})`;

describe.skipIf(!hasChromium)(title, () => {
  let t: TestApp;
  let browser: BrowserContext;
  let closeBrowser: () => Promise<void>;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ STAFF_TOKEN: STAFF });
    ({ browser, close: closeBrowser } = await launchChromium());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await t?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    await page.goto(`${t.baseUrl}${path}`);
    return page;
  }

  async function signIn(page: Page) {
    await page.getByLabel('Mã truy cập của cán bộ').fill(STAFF);
    await page.getByLabel('Mã truy cập của cán bộ').press('Enter');
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  }

  it('answers a queued question, and the answer appears once in the citizen’s open web chat', async () => {
    // The citizen asks in the web chat and leaves a question for staff.
    const citizen = await open('/');
    const say = async (text: string) => {
      const before = await citizen.locator('#log .msg-bot').count();
      await citizen.getByLabel('Câu hỏi của bạn').fill(text);
      await citizen.getByLabel('Câu hỏi của bạn').press('Enter');
      await expect.poll(() => citizen.locator('#log .msg-bot').count()).toBe(before + 1);
    };
    await say('Lệ phí đăng ký khai sinh');
    await say('để lại câu hỏi cho cán bộ');
    await say('Con tôi sinh ở Nhật thì đăng ký khai sinh ở đâu?');
    await say('gửi');
    expect(await citizen.locator('#log .msg-bot').last().innerText()).toMatch(/số tiếp nhận \d+/);

    const operator = await open('/console#hop-thu');
    await signIn(operator);
    const item = operator.locator('#inbox .item', { hasText: 'Con tôi sinh ở Nhật' });
    await item.waitFor();
    expect(await item.innerText()).toContain('Trò chuyện trên web');
    expect(await item.innerText()).toContain('Thủ tục đăng ký khai sinh (1.001193)');
    await item.getByRole('button', { name: 'Nhận xử lý' }).click();
    await operator.getByRole('button', { name: 'Đang xử lý' }).click();
    const taken = operator.locator('#inbox .item', { hasText: 'Con tôi sinh ở Nhật' });
    await taken.getByText('Người xử lý: STAFF_TOKEN').waitFor();
    await taken.getByLabel('Trả lời người dân').fill('Bạn đăng ký tại Đại sứ quán Việt Nam tại Nhật Bản, hoặc khi về nước tại UBND xã nơi cư trú.');
    await taken.getByRole('button', { name: 'Gửi trả lời' }).click();
    await operator.locator('#inbox-status', { hasText: 'Đã gửi trả lời' }).waitFor();

    // The web chat polls when it becomes visible (and every 15 s); the answer shows once.
    await citizen.bringToFront();
    const pushed = citizen.locator('#log .msg-push', { hasText: 'Đại sứ quán Việt Nam tại Nhật Bản' });
    await citizen.evaluate("document.dispatchEvent(new Event('visibilitychange'))");
    await pushed.waitFor();
    expect(await pushed.innerText()).toContain('Cán bộ đã trả lời câu hỏi của bạn');
    await citizen.evaluate("document.dispatchEvent(new Event('visibilitychange'))");
    await citizen.reload();
    await citizen.evaluate("document.dispatchEvent(new Event('visibilitychange'))");
    await expect.poll(() => citizen.locator('#log .msg').count()).toBeGreaterThan(8);
    expect(await pushed.count()).toBe(1);

    await operator.getByRole('button', { name: 'Đã trả lời', exact: true }).click();
    const answered = operator.locator('#inbox .item', { hasText: 'Con tôi sinh ở Nhật' });
    await answered.getByText('Người trả lời: STAFF_TOKEN').waitFor();
    await citizen.close();
    await operator.close();
  });

  it('shows what people wrote as text, never as markup', async () => {
    await leaveQuestion(t.baseUrl, 'web:console-markup', '<b>đậm</b> <img src=x onerror="window.pwned=1"> <script>window.pwned=1</script>');
    const operator = await open('/console#hop-thu');
    await signIn(operator);
    const item = operator.locator('#inbox .item', { hasText: '<b>đậm</b>' });
    await item.waitFor();
    expect(await operator.locator('#inbox b, #inbox img, #inbox script').count()).toBe(0);
    expect(await operator.evaluate('window.pwned === undefined')).toBe(true);
    await operator.close();
  });

  it('looks a dossier up first thing and reads the decoded view', async () => {
    const operator = await open('/console');
    // The lookup is the first screen and its input has the focus: a code can be typed at once.
    expect(await operator.evaluate('document.activeElement && document.activeElement.id')).toBe('dossier-code');
    await signIn(operator);
    // The personal token is kept for this tab only: not in localStorage or a cookie, not in another tab.
    expect(await operator.evaluate(`sessionStorage.getItem('motcua.staffToken')`)).toBe(STAFF);
    expect(await operator.evaluate(`JSON.stringify(localStorage) + document.cookie`)).not.toContain(STAFF);
    const otherTab = await open('/console');
    expect(await otherTab.getByRole('button', { name: 'Đăng nhập' }).isVisible()).toBe(true);
    await otherTab.close();
    await operator.getByLabel('Mã hồ sơ').fill('000.00.12.h56-260901-0012');
    await operator.getByLabel('Mã hồ sơ').press('Enter');
    const view = operator.locator('#dossier');
    await view.locator('.script').waitFor();
    const text = await view.innerText();
    expect(text).toContain('Đang xử lý');
    expect(text).toContain('01/10/2026');
    expect(text).toMatch(/Quá hạn \d+ ngày làm việc \(hẹn trả 01\/10\/2026\)/);
    expect(text).toContain('Phiếu xin lỗi và hẹn lại ngày trả kết quả');
    expect(text).toContain('Nhận kết quả tại Bộ phận Một cửa');
    expect(text).toContain('Đọc cho người dân');
    // Decoded: no raw timestamps or status codes on screen (the raw record stays folded).
    expect(text).not.toMatch(/\d{14}|TrangThaiHoSo|NgayHenTra/);
    expect(await operator.locator('#dossier dd.late').innerText()).toBe('01/10/2026');
    expect(await operator.getByRole('button', { name: 'Chép lời đọc' }).count()).toBe(1);
    await operator.locator('#dossier details summary').click();
    expect(await view.innerText()).toContain('"TrangThaiHoSo": "4"');
    // Signing out takes the record off the screen and the token out of the tab.
    await operator.getByRole('button', { name: 'Đăng xuất' }).click();
    expect(await view.innerText()).toBe('');
    expect(await operator.evaluate(`sessionStorage.getItem('motcua.staffToken')`)).toBeNull();
    await operator.close();
  });

  it('finds a procedure by its code, navigates its sections, and says fees as the chat does', async () => {
    const operator = await open('/console#thu-tuc');
    await operator.getByLabel('Tên hoặc mã thủ tục').fill('1.013225');
    await operator.getByLabel('Tên hoặc mã thủ tục').press('Enter');
    await expect.poll(() => operator.locator('#results button').first().innerText()).toMatch(/^1\.013225 — /);
    // A code typed in full opens its record.
    await operator.locator('#record-nav a').first().waitFor();
    const nav = await operator.locator('#record-nav a').allInnerTexts();
    expect(nav).toEqual(expect.arrayContaining(['Thông tin chung', 'Thành phần hồ sơ', 'Trình tự thực hiện']));
    await operator.locator('#record-nav a', { hasText: 'Trình tự thực hiện' }).click();
    expect(await operator.evaluate('document.activeElement && document.activeElement.textContent')).toBe('Trình tự thực hiện');
    expect(operator.url()).toMatch(/#thu-tuc$/);

    await operator.getByLabel('Tên hoặc mã thủ tục').fill('khai tử');
    await operator.getByLabel('Tên hoặc mã thủ tục').press('Enter');
    await operator.locator('#results button', { hasText: '1.000656' }).click();
    await operator.locator('#record li', { hasText: 'HĐND' }).first().waitFor();
    const record = await operator.locator('#record').innerText();
    expect(record).not.toContain('không thu');
    expect(record).toMatch(/Phí, lệ phí áp dụng ngày \d{2}\/\d{2}\/\d{4}/);
    // A fee the portal does not publish is said so, never as free.
    await operator.getByLabel('Tên hoặc mã thủ tục').fill('1.012783');
    await operator.getByLabel('Tên hoặc mã thủ tục').press('Enter');
    await operator.locator('#record li', { hasText: 'chưa công bố mức thu' }).first().waitFor();
    expect(await operator.locator('#record').innerText()).not.toMatch(/không thu|: miễn phí/);
    await operator.close();
  });

  it('shows analytics for the period, scrubbed, and exports them as CSV', async () => {
    for (const text of ['tra cứu hồ sơ 000.00.12.H56-261020-0031 giúp tôi, số 0912345678', 'làm giấy khai sinh cần gì, gọi 0912 345 678']) {
      await postJson(`${t.baseUrl}/api/v1/ask`, { text, sessionId: 'web:console-analytics' });
    }
    const operator = await open('/console#thong-ke');
    await signIn(operator);
    await operator.locator('#analytics table').first().waitFor();
    const text = await operator.locator('#analytics').innerText();
    expect(text).toMatch(/Lượt hỏi/);
    expect(text).toContain('Thủ tục đăng ký khai sinh');
    expect(text).not.toMatch(/0912|H56-261020/);
    const [download] = await Promise.all([operator.waitForEvent('download'), operator.getByRole('button', { name: 'Tải CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^motcua-analytics-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    await operator.close();
  });

  it('ran without page errors', () => {
    expect(problems).toEqual([]);
  });
});
