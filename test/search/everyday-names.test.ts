import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDvcDir } from '../../src/catalog/import/index.js';
import { loadEverydayNames } from '../../src/catalog/names.js';
import { ProcedureSearch } from '../../src/search/index.js';
import { Vocabulary } from '../../src/search/vocabulary.js';
import { fold } from '../../src/text/index.js';
import { hasScrape, officialRecordPath, skipWithoutScrape } from '../support/shared.js';

/**
 * Look-alike official records: the everyday names and words in `intents/aliases` and
 * `intents/vocabulary` must tell each one apart by the situation the citizen describes, not
 * only by the words the siblings share ("hộ kinh doanh", "lương hưu", "nhà ở xã hội", "sổ đỏ").
 */
const groups: Record<string, Array<[question: string, code: string]>> = {
  'a household business that stops, its tax code, its application': [
    ['cửa hàng hộ kinh doanh nhà tôi đã đóng cửa, muốn khóa luôn mã số thuế thì làm sao', '1.007607'],
    ['tôi không buôn bán nữa, muốn trả giấy đăng ký hộ kinh doanh', '1.001266'],
    ['mới nộp hồ sơ đăng ký hộ kinh doanh tuần trước mà giờ không muốn mở nữa, rút hồ sơ được không', '1.014035'],
  ],
  'a pension after a death, after prison, to a bank account': [
    ['mẹ tôi hưởng lương hưu vừa qua đời, còn tháng lương hưu chưa lĩnh thì gia đình nhận thế nào', '2.000717'],
    ['bố tôi đi tù về, muốn lĩnh lại lương hưu', '2.000809'],
    ['muốn chuyển sang nhận lương hưu qua tài khoản ngân hàng thay vì lĩnh tiền mặt', '2.000740'],
  ],
  'social housing: the buyer registers, the developer sells, the low-income certificate': [
    ['công nhân như tôi muốn mua một căn nhà ở xã hội thì bắt đầu từ đâu', '1.014632'],
    ['chủ đầu tư dự án nhà ở xã hội bán căn hộ cho người mua thì làm thủ tục gì', '1.115150'],
    ['xin giấy xác nhận thu nhập thấp', '3.000412'],
  ],
  'a land certificate: a new house on it, a divorce judgment, a failed mediation': [
    ['xây nhà xong rồi muốn đưa nhà vào sổ đỏ', '1.013995'],
    ['ly hôn rồi, tòa chia căn nhà cho tôi, muốn sổ hồng đứng tên mình tôi', '1.013980'],
    ['tranh chấp đất với hàng xóm hòa giải không thành thì làm gì tiếp', '1.013967'],
  ],
};

const siblings = [
  ...['1.007607', '1.001266', '1.014035', '1.001612', '1.001570', '2.000720', '1.008510'],
  ...['2.000717', '2.000809', '2.000740', '1.001601', '1.001742', '2.000821'],
  ...['1.014632', '1.115150', '3.000412', '1.012896'],
  ...['1.013995', '1.013978', '1.012783', '1.013831', '1.013980', '1.013967', '1.012812', '1.012805'],
];

describe.skipIf(!hasScrape)(`everyday names tell look-alike national records apart ${skipWithoutScrape}`, () => {
  let dir: string;
  let search: ProcedureSearch;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-siblings-'));
    for (const code of siblings) copyFileSync(officialRecordPath(code)!, path.join(dir, `${code}.json`));
    const { procedures } = await parseDvcDir(dir, { retrievedAt: '2026-07-01' });
    expect(procedures).toHaveLength(siblings.length);
    search = new ProcedureSearch(procedures, { everydayNames: loadEverydayNames({ bundledCatalogDir: null }) });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const [group, cases] of Object.entries(groups)) {
    it.each(cases)(`${group}: "%s" → %s`, (question, code) => {
      const hits = search.search(question, { limit: 3 });
      expect(hits.map((h) => `${h.procedure.code} ${h.matched}`)[0]).toMatch(new RegExp(`^${code.replace('.', '\\.')} `));
    });
  }
});

describe('everyday words whose unmarked form is a common word', () => {
  const vocabulary = Vocabulary.load();
  const official = (question: string) => vocabulary.officialWords(fold(question).split(' '));

  it('"sổ đỏ" credits no clams (sò) and no ferries (đò); "tăng vốn" no gifts (tặng)', () => {
    expect(official('xin cấp lại sổ đỏ bị mất')).not.toContain('nhuyen');
    expect(official('so do bi mat xin cap lai')).not.toContain('thuy');
    expect(official('công ty tăng vốn điều lệ')).not.toContain('qua');
    expect(official('xe chở vật liệu chạy qua bờ kênh thủy lợi')).not.toContain('vat');
  });

  it('the animal, the boat and the gift are still understood as phrases', () => {
    expect(official('chở 20 con bò sang tỉnh khác bán cần kiểm dịch không')).toEqual(expect.arrayContaining(['dong', 'vat', 'tren']));
    expect(official('mất giấy đăng ký chiếc đò chở khách')).toEqual(expect.arrayContaining(['phuong', 'tien', 'thuy']));
    expect(official('được tặng ô tô có phải khai thuế không')).toContain('qua');
  });
});
