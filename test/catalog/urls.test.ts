import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procedureSchema } from '../../src/catalog/schema.js';
import { type RunningApp, postJson, startApp } from '../support/app.js';
import { bundled } from '../support/catalog.js';

/** Issue 15: `javascript:` URLs were accepted in records; only http(s) links may reach a citizen. */

const hostileUrls = [
  'javascript:alert(1)',
  'JavaScript:alert(document.cookie)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
];
const record = bundled('1.001193');

function withFormUrl(url: string) {
  return { ...record, documents: [{ ...record.documents[0], items: [{ ...record.documents[0].items[0], formUrl: url }] }] };
}

describe('links in catalog records', () => {
  it.each(hostileUrls)('refuses %s as a form link or a source', (url) => {
    expect(procedureSchema.safeParse(withFormUrl(url)).success).toBe(false);
    expect(procedureSchema.safeParse({ ...record, source: { ...record.source, url } }).success).toBe(false);
  });

  it.each(['https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193', 'http://example.gov.vn/mau.docx'])(
    'keeps %s',
    (url) => {
      expect(procedureSchema.safeParse(withFormUrl(url)).success).toBe(true);
    },
  );
});

describe('links in agencies’ changes', () => {
  const ADMIN = 'a'.repeat(40);
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ ADMIN_TOKEN: ADMIN });
  });
  afterAll(() => running.close());

  it.each(hostileUrls)('refuses an amend or add carrying %s, applying nothing', async (url) => {
    const decision = { number: '12/QĐ-UBND', date: '2026-03-01', agency: 'UBND tỉnh' };
    const changes = [
      { action: 'amend', code: '1.001193', summary: 'Đổi nguồn', patch: { source: { url } } },
      { action: 'add', procedure: { ...withFormUrl(url), code: '1.999001', name: 'Thủ tục thử' } },
    ];
    const { status, json } = await postJson(
      `${running.baseUrl}/api/v1/admin/catalog/changes`,
      { decision, changes },
      { authorization: `Bearer ${ADMIN}` },
    );
    expect(status).toBe(422);
    expect(json.error.problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining([expect.stringContaining('source.url'), expect.stringContaining('formUrl')]),
    );
    const after = await fetch(`${running.baseUrl}/api/v1/procedures/1.001193`).then((r) => r.json() as Promise<{ source: { url: string } }>);
    expect(after.source.url).toBe(record.source.url);
  });
});
