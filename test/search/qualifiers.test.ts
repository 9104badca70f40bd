import { describe, expect, it } from 'vitest';
import { ProcedureSearch } from '../../src/search/index.js';
import { ExclusiveTerms } from '../../src/search/qualifiers.js';
import { Vocabulary } from '../../src/search/vocabulary.js';
import { namedRecord } from '../support/catalog.js';

/** An index over these names alone (no vocabulary, no everyday names), and the code of its best hit for a question. */
function topOf(names: Array<[string, string]>): (text: string) => string | undefined {
  const search = new ProcedureSearch(
    names.map(([code, name]) => namedRecord(code, name)),
    { vocabulary: new Vocabulary([]), everydayNames: new Map() },
  );
  return (text) => search.search(text, { limit: 1 })[0]?.procedure.code;
}

const top = topOf([
  ['9.000060', 'Đăng ký thành lập công ty TNHH một thành viên'],
  ['9.000061', 'Đăng ký thành lập công ty TNHH hai thành viên trở lên'],
  ['9.000062', 'Đăng ký thành lập công ty cổ phần'],
  ['9.000063', 'Đăng ký thành lập doanh nghiệp tư nhân'],
]);

describe('how many found a company, and which kind it is', () => {
  it('several founders get the company for several members; one founder the one-member company', () => {
    expect(top('3 anh em tôi muốn đăng ký thành lập công ty TNHH, mỗi người góp vốn')).toBe('9.000061');
    expect(top('tôi với 1 người bạn muốn đăng ký thành lập công ty trách nhiệm hữu hạn')).toBe('9.000061');
    expect(top('một mình tôi góp vốn, muốn đăng ký thành lập công ty TNHH')).toBe('9.000060');
  });

  it('two founders cannot make a joint-stock company', () => {
    expect(top('hai người bạn muốn đăng ký thành lập công ty cổ phần hay công ty TNHH thì hợp')).not.toBe('9.000062');
  });

  it('the kind of company named decides; a kind the question denies does not', () => {
    expect(top('đăng ký thành lập công ty cổ phần')).toBe('9.000062');
    expect(top('muốn đăng ký thành lập doanh nghiệp tư nhân một mình làm chủ, không phải công ty TNHH')).toBe('9.000063');
    // Denied in other words, named second; a private enterprise has one owner as a one-member company has.
    expect(top('một mình làm chủ, đặt tên kiểu "Doanh nghiệp tư nhân Thành Phát", không lập công ty TNHH, đăng ký thành lập thế nào')).toBe(
      '9.000063',
    );
  });
});

const civilTop = topOf([
  ['9.000070', 'Thủ tục đăng ký khai sinh'],
  ['9.000071', 'Thủ tục đăng ký nhận cha, mẹ, con'],
  ['9.000072', 'Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con'],
  ['9.000073', 'Thủ tục đăng ký kết hôn'],
  ['9.000074', 'Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi'],
  ['9.000075', 'Liên thông các thủ tục hành chính về đăng ký khai sinh, cấp Thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi'],
]);

describe('procedures some records join into one', () => {
  it('asked together, they get the record that joins them', () => {
    expect(civilTop('hai vợ chồng chưa đăng ký kết hôn, sinh con rồi, giờ làm khai sinh và nhận con cùng lúc')).toBe('9.000072');
    expect(civilTop('làm giấy khai sinh kèm luôn thẻ bảo hiểm y tế cho bé')).toBe('9.000075');
    expect(civilTop('làm khai sinh, nhập hộ khẩu và thẻ bảo hiểm y tế cho con một lần')).toBe('9.000074');
    expect(civilTop('chưa cưới, con mới sinh, muốn giấy khai sinh có tên bố ngay')).toBe('9.000072');
  });

  it('asked alone, or told as done, each gets its own record', () => {
    expect(civilTop('làm giấy khai sinh cho con cần gì')).toBe('9.000070');
    // A marriage never registered is the story, not the request.
    expect(civilTop('hai đứa chưa đăng ký kết hôn, giờ anh ấy muốn nhận đứa con 3 tuổi')).toBe('9.000071');
    // The birth was registered long ago: only the father's recognition is asked.
    expect(civilTop('con đã làm giấy khai sinh chỉ có tên mẹ, giờ bố cháu muốn nhận con')).toBe('9.000071');
    // A certificate whose father's part was left blank was registered: its words name it, they do not ask it.
    expect(civilTop('giấy khai sinh cho bé bỏ trống phần tên cha, nay bố bé muốn nhận con')).toBe('9.000071');
    // Refusing a blank father's part asks both at once.
    expect(civilTop('chưa cưới, làm giấy khai sinh cho bé, không muốn để trống tên bố mà nhận con luôn')).toBe('9.000072');
  });
});

const copies = new ProcedureSearch(
  [
    namedRecord('9.000081', 'Đăng ký xe tạm thời thực hiện bằng dịch vụ công trực tuyến toàn trình'),
    namedRecord(
      '9.000082',
      'Đăng ký xe tạm thời thực hiện bằng dịch vụ công trực tuyến một phần hoặc trực tiếp thực hiện tại cấp trung ương, cấp tỉnh, cấp xã',
    ),
    namedRecord('9.000083', 'Khai báo tạm trú cho người nước ngoài tại Việt Nam bằng Phiếu khai báo tạm trú'),
    namedRecord('9.000084', 'Khai báo tạm trú cho người nước ngoài tại Việt Nam qua Trang thông tin điện tử'),
    namedRecord('9.000085', 'Cấp thẻ tạm trú cho người nước ngoài tại Việt Nam'),
  ],
  { vocabulary: new Vocabulary([]), everydayNames: new Map() },
);
const copiesTop = (text: string) => copies.search(text, { limit: 1 })[0]?.procedure.code;

describe('records published once per channel', () => {
  it('the channel the question says picks the copy; one it says it cannot use picks the other', () => {
    expect(copiesTop('khai báo tạm trú cho người nước ngoài online')).toBe('9.000084');
    expect(copiesTop('khai báo tạm trú cho người nước ngoài bằng phiếu giấy')).toBe('9.000083');
    expect(copiesTop('đăng ký xe tạm thời, tôi không rành làm trên mạng, ra công an làm trực tiếp')).toBe('9.000082');
    expect(copiesTop('đăng ký xe tạm thời online trên VNeID')).toBe('9.000081');
  });

  it('only the copies trade places: a record of its own keeps its rank', () => {
    const hits = copies.search('khai báo tạm trú cho người nước ngoài online', { limit: 3 }).map((h) => h.procedure.code);
    expect(hits.slice(0, 2).sort()).toEqual(['9.000083', '9.000084']);
  });
});

describe('a copy from the civil status register, or the registration made again', () => {
  const registers = topOf([
    ['9.000070', 'Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh'],
    ['9.000071', 'Thủ tục đăng ký lại khai sinh'],
  ]);
  it('a register that still holds the entry gives the copy', () => {
    expect(registers('mất giấy khai sinh bản chính, xã vẫn còn lưu sổ, làm sao có lại giấy khai sinh')).toBe('9.000070');
    expect(registers('mất giấy khai sinh, sổ hộ tịch ở xã vẫn còn, làm lại giấy khai sinh')).toBe('9.000070');
  });
  it('a register that lost it gives the registration again', () => {
    expect(registers('mất giấy khai sinh, sổ lưu ở xã cũng mất do lũ, làm sao có giấy khai sinh')).toBe('9.000071');
    expect(registers('mat giay khai sinh, xa ko con luu so, xin lai giay khai sinh')).toBe('9.000071');
    expect(registers('mất cả giấy khai sinh lẫn sổ lưu rồi, làm sao có giấy khai sinh')).toBe('9.000071');
  });
});

describe("a building's grade", () => {
  const permits = topOf([
    ['9.000080', 'Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV (Công trình không theo tuyến)'],
    ['9.000081', 'Cấp giấy phép xây dựng mới công trình cấp đặc biệt, cấp I, cấp II (Công trình không theo tuyến)'],
  ]);
  it('the grade said decides', () => {
    expect(permits('nhà xưởng công trình cấp 2, xin giấy phép xây dựng mới ở đâu')).toBe('9.000081');
    expect(permits('công trình cấp IV, xin giấy phép xây dựng mới ở đâu')).toBe('9.000080');
  });
  it('else eight floors or more make a building of grade II or higher', () => {
    expect(permits('khách sạn 18 tầng xin giấy phép xây dựng mới')).toBe('9.000081');
    expect(permits('nhà 3 tầng xin giấy phép xây dựng mới')).toBe('9.000080');
  });
});

describe("a water works' daily volume", () => {
  const permits = topOf([
    ['9.000090', 'Cấp giấy phép khai thác nước dưới đất đối với công trình có quy mô dưới 5.000 m3/ngày đêm'],
    ['9.000091', 'Cấp giấy phép khai thác nước dưới đất đối với công trình có quy mô từ 5.000 m3/ngày đêm trở lên'],
  ]);
  it('decides between the permits for works below 5,000 m³ a day and the larger ones, in khối or m3, with thousands written out', () => {
    expect(permits('giếng nhà tôi khai thác 300 khối một ngày đêm, xin giấy phép khai thác nước dưới đất')).toBe('9.000090');
    expect(permits('nhà máy khai thác 12.000 m3/ngày nước dưới đất, xin giấy phép')).toBe('9.000091');
    expect(permits('khai thác nước dưới đất 6 nghìn khối mỗi ngày thì xin giấy phép gì')).toBe('9.000091');
  });
});

/** The score each of `names` keeps for a story, under these groups of exclusive terms. */
function exclusiveScores(groups: string[][][], names: string[]): (story: string) => number[] {
  const terms = new ExclusiveTerms(groups, names);
  return (story) =>
    terms
      .qualify(
        names.map((_, doc) => ({ doc, score: 1 })),
        story,
      )
      .map((h) => h.score);
}

describe('terms that share a word but name different things', () => {
  const scores = exclusiveScores(
    [
      [['khai sinh'], ['khai tu', 'chung tu']],
      [['tau bien'], ['tau ca', 'tau thuyen danh ca']],
    ],
    ['dang ky khai sinh luu dong', 'dang ky khai tu', 'le phi truoc ba tau thuyen danh ca tau bien', 'cap lai giay phep lai xe'],
  );
  it('a story that says one term of a group fits no name that says only another', () => {
    expect(scores('can bo xa xuong tan nha lam giay chung tu')).toEqual([0.75, 1, 1, 1]);
    expect(scores('khai sinh cho be')).toEqual([1, 0.75, 1, 1]);
  });
  it('a name that says the term asked among others, a story that says two terms or none, is left as it is', () => {
    expect(scores('tau bien dong moi khai le phi truoc ba')).toEqual([1, 1, 1, 1]);
    expect(scores('lam khai sinh hay khai tu truoc')).toEqual([1, 1, 1, 1]);
    expect(scores('cap lai bang lai xe')).toEqual([1, 1, 1, 1]);
  });
  it('a term said only inside a longer term of its group is not said', () => {
    const visaScores = exclusiveScores(
      [[['thi thuc'], ['mien thi thuc']]],
      ['gia han tam tru cho nguoi duoc cap giay mien thi thuc', 'cap thi thuc cho nguoi nuoc ngoai', 'gia han tam tru cho nguoi nuoc ngoai'],
    );
    expect(visaScores('vao viet nam bang thi thuc du lich muon o them')).toEqual([0.75, 1, 1]);
    expect(visaScores('co giay mien thi thuc 5 nam sap het han tam tru')).toEqual([1, 0.75, 1]);
  });
});
