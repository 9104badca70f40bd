import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDvcDir } from '../../src/catalog/import/index.js';
import { loadEverydayNames } from '../../src/catalog/names.js';
import { ProcedureSearch } from '../../src/search/index.js';
import { Vocabulary } from '../../src/search/vocabulary.js';
import { fold, prepare } from '../../src/text/index.js';
import { firstAmong } from '../support/catalog.js';
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

describe('everyday names say the procedure, not a question about it', () => {
  // "giấy tờ cần mang khi đăng kiểm xe mới" caught "… cần mang theo giấy tờ gì" about any inspection.
  const framing = /(?:^| )(?:o dau$|bao lau|the nao|lam sao|can giay to|giay to can|can mang|ho so gom|can gi|phai lam gi|thu tuc gi)(?: |$)/;
  // "xe mới mua có phải đi đăng kiểm không" caught "… có phải đi đăng kiểm không" about any car; "hàng không" is aviation,
  // "có căn hộ", folded, is "co can".
  const yesNo = /(?:^| )co (?:phai|duoc) |(?:^| )co can (?:xin|giay|lam|phai|dang|mang)(?: |$)|(?<!hang) khong$| gi$/;
  it('no everyday name asks where, how long, how, what to bring or whether', () => {
    const asking = [...loadEverydayNames().entries()].flatMap(([code, names]) =>
      names.filter((n) => framing.test(n.folded) || yesNo.test(n.folded)).map((n) => `${code} ${n.text}`),
    );
    expect(asking).toEqual([]);
  });
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

  it('a civil event settled abroad and "ghi nhận" here is recorded into the civil status book; a plain "ghi nhận" is not', () => {
    expect(official('ly hôn bên Mỹ rồi, giờ muốn ghi nhận ở Việt Nam')).toEqual(expect.arrayContaining(['vao', 'so', 'ho', 'tich']));
    expect(official('xin ghi nhận ý kiến đóng góp')).not.toContain('tich');
  });

  it('land of a parent who died is an inheritance; a parent losing a wallet is not', () => {
    const said = (text: string) => Vocabulary.load().officialWords(prepare(text).tokens);
    expect(said('đất của bố mất rồi, mấy anh em muốn chia thì làm sao')).toEqual(expect.arrayContaining(['thua', 'ke']));
    expect(said('căn nhà đứng tên mẹ, mẹ qua đời rồi')).toEqual(expect.arrayContaining(['thua', 'ke']));
    expect(said('bố mất ví ở chợ')).not.toContain('thua');
  });

  it('becoming a Vietnamese citizen is naturalisation', () => {
    expect(official('người nước ngoài muốn trở thành công dân Việt Nam')).toEqual(expect.arrayContaining(['nhap', 'quoc', 'tich']));
  });

  it('the animal, the boat and the gift are still understood as phrases', () => {
    expect(official('chở 20 con bò sang tỉnh khác bán cần kiểm dịch không')).toEqual(expect.arrayContaining(['dong', 'vat', 'tren']));
    expect(official('mất giấy đăng ký chiếc đò chở khách')).toEqual(expect.arrayContaining(['phuong', 'tien', 'thuy']));
    expect(official('được tặng ô tô có phải khai thuế không')).toContain('qua');
  });
});

/**
 * People name the concrete thing (sand, a pond, koi, a suitcase, a digger, lottery tickets) rather
 * than the official category; the vocabulary must carry them to the record that names the
 * category, not to a sibling that shares the generic words (real names, our own questions).
 */
const concrete: Record<string, Array<[string, string]>> = {
  water: [
    ['1.014257', 'Cấp giấy phép khai thác khoáng sản (cấp Tỉnh)'],
    ['1.006871', 'Công bố hợp quy sản phẩm, hàng hóa vật liệu xây dựng'],
    ['1.013274', 'Cấp phép sử dụng tạm thời lòng đường, vỉa hè vào mục đích khác'],
    ['1.013644', 'Cấp phép đối với các hoạt động liên quan đến đê điều thuộc trách nhiệm của Chủ tịch Uỷ ban nhân dân tỉnh'],
    ['1.004179', 'Cấp giấy phép khai thác nước mặt, nước biển'],
    ['1.004167', 'Gia hạn, điều chỉnh giấy phép khai thác nước mặt, nước biển'],
    ['2.002835', 'Đăng ký khai thác nước mặt, nước biển, đăng ký sử dụng mặt nước, đào hồ, ao, sông, suối, kênh, mương, rạch'],
    ['1.013992', 'Đăng ký biến động chuyển mục đích sử dụng đất không phải xin phép cơ quan nhà nước có thẩm quyền'],
    ['1.004359', 'Cấp, cấp lại Giấy phép khai thác thủy sản'],
    [
      '1.004940',
      'Cấp văn bản chấp thuận cho tàu cá khai thác thủy sản ở vùng biển của quốc gia hoặc vùng lãnh thổ khác hoặc cấp phép cho tàu cá đi khai thác tại vùng biển thuộc thẩm quyền quản lý của Tổ chức quản lý nghề cá khu vực',
    ],
  ],
  farm: [
    ['1.003790', 'Cấp, cấp lại giấy phép nhập khẩu thủy sản sống đối với trường hợp không phải đánh giá rủi ro'],
    ['1.008498', 'Đăng ký thuế lần đầu đối với người nộp thuế là cá nhân, người phụ thuộc'],
    ['1.004038', 'Cấp giấy chứng nhận kiểm dịch thực vật nhập khẩu, kiểm tra nhà nước về an toàn thực phẩm hàng hóa có nguồn gốc thực vật nhập khẩu'],
    ['1.014776', 'Cấp, cấp lại mã số vùng trồng, mã số cơ sở đóng gói'],
    ['1.004819', 'Đăng ký mã số cơ sở nuôi, trồng các loài động vật, thực vật thuộc Phụ lục CITES'],
    ['1.003650', 'Cấp giấy chứng nhận đăng ký tàu cá, tàu phục vụ nuôi trồng thủy sản'],
  ],
  people: [
    ['2.002264', 'Hàng hóa xuất khẩu, nhập khẩu, hành lý ký gửi của người nhập cảnh, xuất cảnh thất lạc, nhầm lẫn'],
    ['1.005461', 'Đăng ký lại khai tử'],
    ['1.005103', 'Cấp Giấy chứng nhận kiểm định, Tem kiểm định an toàn kỹ thuật và bảo vệ môi trường cho xe cơ giới (trừ xe mô tô, xe gắn máy)'],
    ['1.013205', 'Cấp Giấy chứng nhận kiểm định, Tem kiểm định an toàn kỹ thuật và bảo vệ môi trường cho xe máy chuyên dùng'],
    ['1.007689', 'Khai thuế đối với cá nhân cho thuê bất động sản trực tiếp khai thuế với cơ quan thuế'],
    [
      '1.007690',
      'Khai thuế năm đối với cá nhân trực tiếp ký hợp đồng làm đại lý xổ số, đại lý bảo hiểm, đại lý bán hàng đa cấp và hoạt động kinh doanh khác',
    ],
    ['3.000520', 'Bán cổ phiếu quỹ của công ty đại chúng'],
    [
      '1.008529',
      'Khai thuế thu nhập cá nhân đối với cá nhân có thu nhập từ chuyển nhượng vốn góp, cá nhân chuyển nhượng chứng khoán khai trực tiếp với cơ quan thuế và tổ chức, cá nhân khai thuế thay, nộp thuế thay cho cá nhân',
    ],
    ['1.001632', 'Giải quyết hưởng chế độ TNLĐ, BNN đối với trường hợp bị TNLĐ lần đầu'],
    ['1.001612', 'Đăng ký thành lập hộ kinh doanh'],
  ],
};

describe('the concrete thing a citizen names leads to the record of its official category', () => {
  const topIn = (group: string) => firstAmong(concrete[group]!);

  it('sand and gravel from the river, river water for the fields, a pond dug, fishing at sea', () => {
    const top = topIn('water');
    expect(top('muốn hút cát dưới lòng sông để bán thì xin phép gì')).toBe('1.014257');
    expect(top('xin phép múc sỏi ở bãi sông')).toBe('1.014257');
    expect(top('bơm nước sông lên tưới cho cả cánh đồng có cần giấy phép không')).toBe('1.004179');
    expect(top('nhà tôi muốn đào ao nuôi cá sau vườn')).toBe('2.002835');
    expect(top('đi biển đánh cá cần giấy phép gì')).toBe('1.004359');
  });

  it('koi brought in, fruit brought in, a python farm', () => {
    const top = topIn('farm');
    expect(top('nhập cá koi về nuôi cần giấy gì')).toBe('1.003790');
    expect(top('nhập trái cây từ Thái về bán')).toBe('1.004038');
    expect(top('nuôi trăn cần đăng ký gì')).toBe('1.004819');
  });

  it('a lost suitcase, a digger at inspection, lottery tickets and unlisted shares at tax time, a hand in a press', () => {
    const top = topIn('people');
    expect(top('về nước mà vali bị thất lạc ở sân bay')).toBe('2.002264');
    expect(top('đăng kiểm máy đào ở đâu')).toBe('1.013205');
    expect(top('bán vé số có phải khai thuế không')).toBe('1.007690');
    expect(top('bán cổ phiếu chưa niêm yết nộp thuế thế nào')).toBe('1.008529');
    expect(top('đang làm ở xưởng thì bị máy dập vào tay')).toBe('1.001632');
  });
});
