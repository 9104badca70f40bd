/**
 * `npm run screenshots`: the hotline console's screens as PNG files in docs/, for the README and
 * reviews. Run by hand after changing the console; the test suite never writes docs/.
 * Starts the real app on a temp DATA_DIR with the bundled catalog and demo dossiers, plays a few
 * citizens (questions, a question left for staff) and an operator, and photographs each screen.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { leaveQuestion, sqliteOf } from '../test/desk/support.js';
import { chromiumPath, hasChromium, launchChromium } from '../test/support/chromium.js';
import { postJson, startApp } from '../test/support/app.js';
import { repoDir } from '../test/support/shared.js';

const STAFF = 'staff-token-screenshots-0123456789abcdef';
const out = (name: string) => path.join(repoDir, 'docs', name);

async function main() {
  if (!hasChromium) throw new Error(`${chromiumPath} is absent: install Chromium to take screenshots`);
  const running = await startApp({ STAFF_TOKEN: STAFF, LOG_LEVEL: 'silent' });
  const { browser, close } = await launchChromium();
  try {
    const questions = [
      'Lệ phí đăng ký khai sinh',
      'làm giấy khai sinh cần giấy tờ gì',
      'đăng ký kết hôn mất bao lâu',
      'cấp lại',
      'nộp hồ sơ ở đâu',
      'đăng ký thường trú cần gì, số tôi 0912345678',
      'viết cho tôi một bài thơ',
      'tra cứu hồ sơ 000.00.12.H56-261020-0031',
      'đăng ký khai tử ở đâu',
    ];
    for (const [i, text] of questions.entries()) await postJson(`${running.baseUrl}/api/v1/ask`, { text, sessionId: `web:shot-${i}` });
    await leaveQuestion(running.baseUrl, 'web:shot-a', 'Con tôi sinh ở Nhật thì đăng ký khai sinh ở đâu?');
    const old = await leaveQuestion(
      running.baseUrl,
      'web:shot-b',
      'Hồ sơ cấp đổi sổ đỏ của tôi quá hạn rồi, tôi phải làm gì?',
      'cấp đổi sổ đỏ cần giấy tờ gì',
    );
    sqliteOf(running.app).prepare("UPDATE inbox SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 hours') WHERE id = ?").run(old.id);
    const answered = await leaveQuestion(
      running.baseUrl,
      'web:shot-c',
      'Đăng ký kết hôn có cần giấy xác nhận tình trạng hôn nhân không?',
      'đăng ký kết hôn',
    );
    await postJson(
      `${running.baseUrl}/api/v1/staff/inbox/${answered.id}/answer`,
      { text: 'Có, trừ khi hai bạn đăng ký tại nơi cư trú của cả hai.' },
      { authorization: `Bearer ${STAFF}` },
    );

    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${running.baseUrl}/console`);
    await page.getByLabel('Mã truy cập của cán bộ').fill(STAFF);
    await page.getByLabel('Mã truy cập của cán bộ').press('Enter');

    await page.getByLabel('Mã hồ sơ').fill('000.00.12.H56-260915-0013');
    await page.getByLabel('Mã hồ sơ').press('Enter');
    await page.locator('#dossier .script').waitFor();
    await shoot(page, 'console-dossier.png', true);

    await page.goto(`${running.baseUrl}/console#thu-tuc`);
    await page.getByLabel('Tên hoặc mã thủ tục').fill('1.013225');
    await page.getByLabel('Tên hoặc mã thủ tục').press('Enter');
    await page.locator('#record-nav a').first().waitFor();
    await shoot(page, 'console-procedure.png', false);

    await page.goto(`${running.baseUrl}/console#hop-thu`);
    await page.locator('#inbox .item').first().waitFor();
    await page.locator('#inbox .item details summary').first().click();
    await shoot(page, 'console-inbox.png', true);

    await page.goto(`${running.baseUrl}/console#thong-ke`);
    await page.locator('#analytics table').first().waitFor();
    await shoot(page, 'console-analytics.png', true);
  } finally {
    await close();
    await running.close();
  }
}

async function shoot(page: Page, name: string, fullPage: boolean) {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: out(name), fullPage });
  console.log(`wrote docs/${name}`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
