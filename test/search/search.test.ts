import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProcedureSearch } from '../../src/search/index.js';
import { Vocabulary } from '../../src/search/vocabulary.js';
import { fold, prepare } from '../../src/text/index.js';
import { bundledProcedures, namedRecord } from '../support/catalog.js';
import { repoDir } from '../support/shared.js';

const procedures = bundledProcedures();
const search = new ProcedureSearch(procedures);
const top = (q: string) => search.search(q, { limit: 3 })[0]?.procedure.code;

describe('procedure search over the bundled catalog', () => {
  it.each(procedures.map((p) => [p.code, p.name]))('finds %s by its official name, with and without diacritics', (code, name) => {
    expect(top(name)).toBe(code);
    expect(top(fold(name))).toBe(code);
  });

  const fixture = path.join(repoDir, 'test', 'fixtures', 'colloquial-queries.jsonl');
  const colloquial = existsSync(fixture)
    ? readFileSync(fixture, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { q: string; code: string })
    : [];

  it('has at least 100 colloquial queries with expected codes', () => {
    expect(colloquial.length).toBeGreaterThanOrEqual(100);
  });

  it('ranks the expected procedure first for colloquial queries', () => {
    const misses = colloquial.filter(({ q, code }) => top(q) !== code).map(({ q, code }) => `${q} → ${top(q)} (want ${code})`);
    expect(misses).toEqual([]);
  });

  it.each([
    ['lam giay khai sinh', '1.001193'],
    ['sổ hồng lần đầu', '1.013978'],
    ['doi bang lai', '3.000347'],
    ['nhập hộ khẩu', '1.004222'],
    ['dang ki tam tru', '1.004194'],
    ['khai sinh dang ky', '1.001193'],
    ['đăng ky kêt hôn', '1.000894'],
    ['giay phep xay dung', '1.013225'],
  ])('understands "%s"', (query, code) => {
    expect(top(query)).toBe(code);
  });

  it('tolerates one typo per word', () => {
    expect(top('dang ky khai sinhh')).toBe('1.001193');
    expect(top('đăng ký kêt hôn')).toBe('1.000894');
    expect(top('ly lich tu phapp')).toBe('3.000333');
  });

  it('tells marked words apart when the question has marks (khai tử ≠ từ)', () => {
    expect(top('đăng ký khai tử')).toBe('1.000656');
  });

  it('returns nothing for questions that name no procedure', () => {
    expect(search.search('hôm nay thời tiết thế nào', { minScore: 0.5 })).toEqual([]);
    expect(search.search('', {})).toEqual([]);
  });

  it('prefers the commune-level variant unless the question names a level', () => {
    const base = procedures.find((p) => p.code === '1.001193')!;
    const provincial = { ...base, code: '9.999999', levels: ['Cấp tỉnh'], name: `${base.name} (thực hiện tại cấp tỉnh)` };
    const both = new ProcedureSearch([{ ...provincial }, base]);
    expect(both.search('đăng ký khai sinh')[0].procedure.code).toBe('1.001193');
    expect(both.search('đăng ký khai sinh cấp tỉnh')[0].procedure.code).toBe('9.999999');
  });
});

describe('one procedure published more than once', () => {
  const search = new ProcedureSearch([]);
  const named = (name: string) => ({ name }) as Parameters<ProcedureSearch['sameProcedure']>[0];
  it('is one procedure when the names differ only in who does it, or in "Thủ tục" before them', () => {
    expect(search.sameProcedure(named('Gia hạn nộp thuế'), named('Thủ tục gia hạn nộp thuế'))).toBe(true);
    expect(
      search.sameProcedure(
        named('Cấp giấy phép khai thác gỗ rừng trồng thuộc thẩm quyền cấp phép của Chủ tịch UBND cấp tỉnh'),
        named('Cấp giấy phép khai thác gỗ rừng trồng do Chủ tịch UBND cấp tỉnh phân cấp cho Chủ tịch UBND cấp xã'),
      ),
    ).toBe(true);
  });
  it('is one procedure when a fully online copy and a partly online one differ only in "giấy"', () => {
    expect(
      search.sameProcedure(
        named('Thu hồi chứng nhận đăng ký xe, biển số xe thực hiện bằng dịch vụ công toàn trình'),
        named('Thu hồi giấy chứng nhận đăng ký, biển số xe thực hiện bằng dịch vụ công trực tuyến một phần hoặc trực tiếp'),
      ),
    ).toBe(true);
  });
  it('published by two fields, the one whose field the question names comes first', () => {
    const twins = new ProcedureSearch(
      [
        { ...namedRecord('9.000021', 'Nộp dần tiền thuế nợ'), field: 'Thuế', levels: ['Cấp tỉnh'] },
        { ...namedRecord('9.000022', 'Thủ tục nộp dần tiền thuế nợ'), field: 'Hải quan', levels: ['Cấp xã'] },
      ],
      { everydayNames: new Map() },
    );
    const first = (q: string) => twins.search(q, { limit: 2 })[0]?.procedure.code;
    expect(first('hàng nhập khẩu còn nợ thuế ở hải quan, xin nộp dần được không')).toBe('9.000022');
    expect(first('cửa hàng nợ thuế quý trước, xin nộp dần tiền thuế nợ')).toBe('9.000021');
  });
  it('is two procedures when the names differ in what is done or to what', () => {
    expect(search.sameProcedure(named('Cấp giấy phép khai thác gỗ'), named('Cấp lại giấy phép khai thác gỗ'))).toBe(false);
    expect(search.sameProcedure(named('Cấp giấy phép vận tải quốc tế GMS'), named('Cấp giấy phép vận tải quốc tế ASEAN'))).toBe(false);
    // "lại" and "lái" fold alike: a reissue is still no first licence.
    expect(search.sameProcedure(named('Cấp giấy phép lái xe'), named('Cấp lại giấy phép lái xe'))).toBe(false);
  });
});

describe('the colloquial vocabulary and marks', () => {
  const vocabulary = new Vocabulary([{ say: ['súng'], means: 'vũ khí' }]);
  it('a saying written with marks is not read into a word typed with other marks ("bổ sung" is not "súng")', () => {
    expect(vocabulary.officialWords(['bo', 'sung'], ['bổ', 'sung'])).toEqual([]);
    expect(vocabulary.officialWords(['mua', 'sung'], ['mua', 'súng'])).toEqual(['vu', 'khi']);
  });
  it('a question typed without marks still finds it', () => {
    expect(vocabulary.officialWords(['mua', 'sung'])).toEqual(['vu', 'khi']);
  });
});

describe('a colloquial word that holds only in a setting', () => {
  const vocabulary = new Vocabulary([{ say: ['chết'], means: 'tử tuất', when: ['bảo hiểm xã hội'], unless: ['chưa đóng'] }]);
  const words = (text: string) => vocabulary.officialWords(prepare(text).tokens);
  it('means the official words when the setting is said', () => {
    expect(words('chồng tôi đóng bảo hiểm xã hội 8 năm thì chết')).toEqual(['tu', 'tuat']);
    expect(words('chồng tôi chết năm ngoái')).toEqual([]);
  });
  it('means nothing when the setting is said not to hold ("chưa đóng bảo hiểm xã hội")', () => {
    expect(words('em tôi chưa đóng bảo hiểm xã hội ngày nào thì chết')).toEqual([]);
  });
});

describe('framing phrases and marks', () => {
  const search = new ProcedureSearch(bundledProcedures());
  it('a word of a framing phrase typed in another form stays a word ("có căn cước" is not "có cần")', () => {
    expect(search.searchDetailed('tôi có căn cước').contentWords).toBe(2);
    expect(search.searchDetailed('có cần căn cước không').contentWords).toBe(2);
  });
  it('"thế nào" after what is asked frames the question; "thế" of "thế chấp" is a word', () => {
    const words = (q: string) => search.searchDetailed(q).contentWords;
    expect(words('giấy tờ để làm lại hộ chiếu thế nào')).toBe(words('giấy tờ để làm lại hộ chiếu'));
    expect(words('đăng ký thế chấp xe máy')).toBe(words('đăng ký chấp xe máy') + 1);
  });
});

describe('what the person already has', () => {
  const search = new ProcedureSearch([namedRecord('9.000041', 'Giải quyết hưởng trợ cấp dưỡng sức')], { everydayNames: new Map() });
  const score = (q: string) => search.search(q, { limit: 1 })[0]?.score ?? 0;
  it('"chỉ được …" tells what one has; "các chị được …", typed with its marks, tells nothing had', () => {
    expect(score('công ty làm hồ sơ để các chị được hưởng trợ cấp dưỡng sức')).toBeCloseTo(
      score('công ty làm hồ sơ để các bạn được hưởng trợ cấp dưỡng sức'),
    );
    expect(score('năm ngoái chỉ được hưởng trợ cấp dưỡng sức, năm nay nghỉ ốm')).toBeLessThan(
      score('năm ngoái muốn được hưởng trợ cấp dưỡng sức, năm nay nghỉ ốm'),
    );
  });
});

describe('who a record serves', () => {
  it("is each record's own, even when two names read alike", () => {
    const search = new ProcedureSearch(
      [
        { ...namedRecord('9.000061', 'Đăng ký nuôi ong mật'), subjects: ['Công dân Việt Nam'] },
        { ...namedRecord('9.000062', 'Đăng ký nuôi chim yến'), subjects: ['Công dân Việt Nam', 'Người nước ngoài'] },
      ],
      { everydayNames: new Map() },
    );
    const served = (q: string) => search.search(q, { limit: 1 })[0]?.facets.serves;
    expect(served('đăng ký nuôi ong mật')).toBeUndefined();
    expect(served('đăng ký nuôi chim yến')).toEqual(['foreigner']);
  });
});
