import { describe, expect, it } from 'vitest';
import { FacetReader, exclusionPairs } from '../../src/search/facets.js';
import { ProcedureSearch } from '../../src/search/index.js';
import { Vocabulary } from '../../src/search/vocabulary.js';
import { clauseEnds, fold, prepare, typedWords } from '../../src/text/index.js';
import { namedRecord } from '../support/catalog.js';

const reader = new FacetReader();
const nameFacets = (name: string) => reader.ofName(fold(name).split(' '));
const asked = (text: string) => reader.ofQuestion(fold(text).split(' '));

describe('facets of official names', () => {
  it.each([
    ['Cấp hộ chiếu phổ thông ở trong nước', [], true],
    ['Cấp lại giấy phép kinh doanh vận tải bằng xe ô tô', ['reissue'], false],
    ['Thủ tục cấp, cấp lại giấy phép hành nghề', ['reissue'], true],
    ['Đăng ký chấm dứt giám hộ', ['terminate'], false],
    // Notifying is how some things are set up: such a name fits a question that asks no action.
    ['Thông báo đơn vị đủ điều kiện quản lý vận hành nhà chung cư', ['notify'], true],
    ['Trình báo mất hộ chiếu phổ thông', ['report_loss'], false],
    ['Gia hạn tạm trú cho người nước ngoài', ['extend'], false],
    ['Đổi giấy phép lái xe do ngành Giao thông vận tải cấp', ['replace'], false],
    ['Đổi chứng nhận đăng ký xe, biển số xe', ['replace'], false],
    ['Thu hồi giấy phép lái xe', ['terminate'], false],
    ['Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh', ['copy'], false],
    ['Đăng ký cấp sao bản án, tài liệu trong hồ sơ vụ án', ['copy'], false],
    // "nội dung đăng ký", folded, holds "dung dang ky" ("dừng đăng ký"): changing what is registered stops nothing.
    ['Đăng ký thay đổi nội dung đăng ký hộ kinh doanh', ['amend'], false],
    // What a notice is about is read in the words after it, however long its lead ("về việc tự quyết định").
    ['Thủ tục thông báo về việc tự quyết định chấm dứt hoạt động dự án của nhà đầu tư', ['notify', 'terminate'], false],
    ['Thủ tục thông báo về việc tự quyết định ngừng hoạt động dự án của nhà đầu tư', ['notify', 'suspend'], false],
  ])('%s → %j (first-time too: %s)', (name, actions, base) => {
    const facets = nameFacets(name);
    expect(facets.actions).toEqual(actions);
    expect(facets.base).toBe(base);
  });

  it('a record whose official subjects list foreigners serves them, yet ranking reads who it is for in its name', () => {
    const foreigner = asked('tôi là người Pháp, mang chó cưng sang Việt Nam thì kiểm dịch gì');
    const quarantine = reader.ofName(fold('Cấp giấy chứng nhận kiểm dịch động vật nhập khẩu mang theo người').split(' '), undefined, [
      'Công dân Việt Nam',
      'Người nước ngoài',
    ]);
    expect(quarantine.serves).toEqual(['foreigner']);
    const death = reader.ofName(fold('Thủ tục đăng ký khai tử').split(' '), undefined, ['Công dân Việt Nam']);
    expect(death.serves).toBeUndefined();
    // Most lists name foreigners among everyone: a name that does not say them is short for a foreigner either way.
    expect(reader.agreement(foreigner, quarantine)).toBe(reader.agreement(foreigner, death));
    expect(reader.agreement(foreigner, quarantine)).toBeLessThan(1);
  });

  it('reads the subject anywhere in the name', () => {
    expect(nameFacets('Đăng ký khai tử có yếu tố nước ngoài').subjects).toEqual(['foreign_element']);
    expect(nameFacets('Cấp hộ chiếu phổ thông ở nước ngoài').subjects).toEqual(['abroad']);
    expect(nameFacets('Đăng ký khai tử').subjects).toEqual([]);
    // Recording what a foreign authority decided serves whoever had it decided there, and records a thing done abroad.
    expect(
      nameFacets('Ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài').subjects,
    ).toEqual(['done_abroad', 'foreign_element']);
  });
});

describe('facets of questions', () => {
  it('finds actions and subjects the way people say them', () => {
    expect(asked('em lỡ làm mất bằng lái rồi giờ sao').actions).toEqual(['reissue']);
    expect(asked('giấy bị mục nát không đọc được, làm sao để có lại giấy').actions).toEqual(['reissue']);
    // A copy of a paper is asked, not the procedure that issued it.
    expect(asked('xin bản sao giấy đăng ký kết hôn').actions).toEqual(['copy']);
    expect(asked('không sản xuất nữa, muốn trả lại mã số sản phẩm chăn nuôi').actions).toEqual(['terminate']);
    // A negation holds for the cues said right after it, and "không ai có …" denies who no one is.
    const stopping = asked('giờ không phải muốn sửa đổi bổ sung gì, mà là nghỉ hẳn không sản xuất nữa');
    expect(stopping.actions).toEqual(['terminate']);
    expect(stopping.denied).toEqual(['amend']);
    expect(asked('vợ chồng tôi không ai có quốc tịch nước ngoài').denied).toEqual(['foreigner']);
    // A house added to the land certificate is registered; added to a mortgage, the mortgage is amended.
    expect(asked('xây nhà xong muốn bổ sung căn nhà vào sổ đỏ').actions).toEqual([]);
    expect(asked('muốn bổ sung căn nhà vào hợp đồng thế chấp').actions).toEqual(['amend']);
    // Giving up Vietnamese nationality is ending it; giving up another for a Vietnamese one asks nothing of it.
    expect(asked('bên Đức yêu cầu bỏ quốc tịch VN trước khi nhập tịch').actions).toEqual(['terminate']);
    expect(asked('muốn nhập quốc tịch Việt Nam thì có phải bỏ quốc tịch Hàn không').actions).toEqual([]);
    // A mediation that failed is done; what comes next is asked.
    expect(asked('hàng xóm lấn đất, hòa giải ở xã không thành, giờ muốn chủ tịch xã giải quyết').denied).toEqual(['mediate']);
    expect(asked('hàng xóm lấn đất, muốn nhờ xã hòa giải').actions).toEqual(['mediate']);
    // The other choice of a negated one is negated with it, whether or not the first is a cue.
    const torn = asked('thẻ hành nghề bị rách, tôi không bị đình chỉ hay thu hồi gì cả, giờ xin thẻ mới');
    expect(torn.actions).toEqual(['replace']);
    expect(torn.denied).toEqual(['terminate']);
    expect(asked('tôi không biết nên đổi hay thu hồi').denied).toEqual([]);
    // A loss reported on the way ("đã đi trình báo") is done; "đi làm lại sau sinh" is going back to work.
    expect(asked('tưởng mất giấy nên đã đi trình báo, giờ tìm thấy rồi').denied).toEqual(['report_loss']);
    expect(asked('vợ tôi đi làm lại sau sinh được một tuần thì ốm').actions).toEqual([]);
    // Giving up a nationality in the story is done; getting it back is asked.
    const back = asked('năm 2005 tôi đã thôi quốc tịch việt nam, nay về nước muốn lấy lại quốc tịch');
    expect(back.actions).toEqual(['restore']);
    expect(back.denied).toEqual(['terminate']);
    expect(asked('vo toi nguoi han quoc, muon dang ky ket hon').subjects).toEqual(['foreigner']);
    expect(asked('con tôi đang ở nước ngoài muốn làm hộ chiếu').subjects).toEqual(['abroad']);
    expect(asked('làm hộ chiếu để đi nước ngoài du lịch').subjects).toEqual([]);
    // A country that is also an everyday word or a name is a foreigner only where nothing else can be meant.
    expect(asked('người lao động nghỉ việc muốn hưởng bảo hiểm').subjects).toEqual([]);
    expect(asked('vo chong toi chua dang ky ket hon, ong chong bi tai nan liet').subjects).toEqual([]);
    expect(asked('người anh trai tôi muốn đăng ký kết hôn').subjects).toEqual([]);
    expect(asked('ông Đức hàng xóm mất, khai tử thế nào').subjects).toEqual([]);
    expect(asked('bà ý mất rồi, làm khai tử ở đâu').subjects).toEqual([]);
    expect(asked('vợ tôi là người Lào ở bản bên kia biên giới').subjects).toEqual(['foreigner']);
    expect(asked('chồng người Anh muốn xin thẻ tạm trú').subjects).toEqual(['foreigner']);
    expect(asked('vợ tôi quốc tịch Bỉ').subjects).toEqual(['foreigner']);
    expect(asked('chồng tôi người Đức').subjects).toEqual(['foreigner']);
    expect(asked('khách du lịch nước ngoài muốn ở thêm, gia hạn tạm trú').subjects).toEqual(['foreigner']);
    // A stateless person is served by the foreigners' records.
    expect(asked('tôi là người không quốc tịch sống ở Tây Ninh, muốn đi Campuchia').subjects).toEqual(['foreigner', 'domestic']);
    // A Vietnamese city is no country abroad: "đang sống ở" + Hà Nội tells where the person files, at home.
    expect(asked('tôi đang sống ở Hà Nội muốn làm hộ chiếu').subjects).toEqual(['domestic']);
    expect(asked('toi dang song o my muon lam ho chieu').subjects).toEqual(['abroad']);
    // Who a purpose names ("để kết hôn với …") is not who the request is for; "đề nghị" is no purpose.
    expect(asked('xin giấy xác nhận tình trạng hôn nhân để kết hôn với người nước ngoài').subjects).toEqual([]);
    expect(asked('đề nghị cấp thẻ tạm trú cho người nước ngoài').subjects).toEqual(['foreigner']);
    // Staying on is an extension.
    expect(asked('khách người Úc muốn ở lại Việt Nam thêm một tháng').actions).toEqual(['extend']);
    // A paper found again after it was reported lost is put back into use.
    expect(asked('cái thẻ tưởng mất nay tìm thấy trong tủ, muốn dùng lại').actions).toEqual(['restore']);
  });

  it('"mất" for a death asks for no reissue and credits no record; a lost death certificate still does', () => {
    expect(asked('ông tôi mất rồi, làm giấy chứng tử ở đâu').actions).toEqual([]);
    expect(asked('mất giấy chứng tử của bố rồi, xin làm lại').actions).toEqual(['reissue']);
    expect(asked('bằng lái mất rồi, làm lại ở đâu').actions).toEqual(['reissue']);
    expect(asked('ông ấy sang làm thuê rồi mất ở xã, đăng ký khai tử ở đâu').actions).toEqual([]);
    expect([...reader.diedPositions(fold('con tôi bị tai nạn mất, làm giấy chứng tử').split(' '))]).toEqual([5]);
    expect([...reader.diedPositions(fold('làm lại giấy chứng tử bị mất giấy').split(' '))]).toEqual([]);
  });

  it('a negated facet is removed, never added', () => {
    const q = asked('khai tử cho bố, không có yếu tố nước ngoài');
    expect(q.subjects).toEqual([]);
    expect(q.denied).toEqual(['foreigner']);
    expect(asked('không phải gia hạn, tôi muốn làm thẻ mới').actions).toEqual([]);
  });

  it('a facet also asked plainly is not denied: the denial is about something else', () => {
    const q = asked('tôi hỏi xóa thường trú, không phải xóa tạm trú');
    expect(q.actions).toEqual(['terminate']);
    expect(q.denied).toEqual([]);
  });

  it('collecting something "thay cho" a parent asks to authorise; a family collecting a dead parent\'s arrears does not', () => {
    expect(asked('lĩnh lương hưu thay cho bố bị bệnh').actions).toEqual(['authorize']);
    expect(asked('ông nội mất rồi, gia đình lĩnh thay mấy tháng lương hưu còn lại').actions).not.toContain('authorize');
  });

  it('the same verb said again plainly denies the object, not the action ("không phải đổi tên, chỉ đổi giám đốc")', () => {
    expect(asked('không phải đổi tên công ty, chỉ đổi giám đốc đại diện thôi').denied).toEqual([]);
    expect(asked('khong phai doi ten cong ty, chi doi nguoi dai dien').denied).toEqual([]);
    // Said once, the denied verb is denied.
    expect(asked('không phải đổi tên công ty, mà bị mất giấy').denied).toEqual(['amend']);
  });

  it('"không mất" denies the reissue; a damaged chip asks for a replacement', () => {
    const q = asked('thẻ không mất, chỉ bị trầy chip thôi');
    expect(q.actions).toEqual(['replace']);
    expect(q.denied).toEqual(['reissue']);
    expect(asked('tôi mất thẻ rồi').actions).toEqual(['reissue']);
  });

  it('a cue word typed with another mark is another word: "đòi giấy" is no "đổi giấy", "mặt thẻ" no "mất thẻ"', () => {
    const typedAsked = (text: string) => reader.ofQuestion(reader.questionTokens(prepare(text).tokens, typedWords(prepare(text))));
    expect(typedAsked('ngân hàng đòi giấy xác nhận số chứng minh nhân dân của tôi').actions).toEqual([]);
    expect(typedAsked('mặt thẻ căn cước bị bong tróc').actions).toEqual(['replace']);
    expect(typedAsked('tôi mất thẻ căn cước').actions).toEqual(['reissue']);
    // Without a tone of its own ("mât"), the word may be a slip for the cue.
    expect(typedAsked('tôi mât thẻ căn cước').actions).toEqual(['reissue']);
    expect(typedAsked('tôi muốn đổi giấy phép lái xe').actions).toEqual(['replace']);
    // Typed without marks, the word may be either: it is read as the cue.
    expect(typedAsked('ngan hang doi giay xac nhan').actions).toEqual(['replace']);
  });

  it('ending a business or a registration the way people say it: "hủy", "dẹp luôn", "bỏ tên ra khỏi", "gạch tên"', () => {
    for (const text of [
      'tiệm tạp hóa của mẹ tôi giờ muốn hủy hộ kinh doanh luôn',
      'làm sao để hủy giấy đăng ký kinh doanh',
      'quán phở nhà tôi dẹp luôn rồi, báo xã thế nào',
      'nghỉ hẳn không buôn bán nữa thì làm gì',
      'chuyển về quê rồi, muốn bỏ tên ra khỏi sổ tạm trú ở trọ',
      'ông mất rồi, gạch tên ông trong hộ khẩu thế nào',
    ])
      expect(asked(text).actions, text).toContain('terminate');
  });

  it('"có bắt buộc đi đổi không", "phải đổi không" ask about the replacement', () => {
    expect(asked('thẻ vẫn còn hạn mà sang 25 tuổi có bắt buộc đi đổi không').actions).toEqual(['replace']);
    expect(asked('bằng lái cũ bằng giấy có phải đổi không').actions).toEqual(['replace']);
  });

  it('"chuẩn bị", "thiết bị" are one word: "chuẩn bị mở tiệm" tells no blurred paper', () => {
    expect(asked('mình chuẩn bị mở tiệm cầm đồ, cần giấy an ninh trật tự').actions).toEqual([]);
    expect(asked('thẻ căn cước bị mờ hết chữ').actions).toEqual(['replace']);
    // Nor is "thiết bị hỏng" a damaged paper.
    expect(asked('thiết bị hỏng phải kiểm định lại').actions).toEqual([]);
  });

  it('closing for a while is a pause, and "chưa muốn giải thể" denies the dissolution', () => {
    const q = asked('công ty ế quá, muốn đóng cửa tạm mấy tháng, chưa muốn giải thể');
    expect(q.actions).toEqual(['suspend']);
    expect(q.denied).toEqual(['terminate']);
    expect(asked('quán nhà tôi đóng cửa luôn rồi').actions).toEqual(['terminate']);
  });

  it('a loss already reported is not asked again; one not yet reported is', () => {
    const q = asked('đã báo mất rồi, giờ xin cấp lại');
    expect(q.actions).toEqual(['reissue']);
    expect(q.denied).toEqual(['report_loss']);
    expect(asked('chưa báo mất thì báo ở đâu').actions).toEqual(['report_loss']);
  });

  it('paying off a loan and lifting a mortgage is a removal', () => {
    expect(asked('trả hết nợ rồi, muốn gỡ thế chấp sổ đỏ').actions).toEqual(['terminate']);
    expect(asked('đã tất toán khoản vay ngân hàng').actions).toEqual(['terminate']);
  });

  it('not knowing how is not a denial ("không biết hủy … ở đâu")', () => {
    const q = asked('tôi không biết hủy đăng ký kinh doanh thì nộp ở đâu');
    expect(q.actions).toEqual(['terminate']);
    expect(q.denied).toEqual([]);
    expect(asked('ko ro gia han the nao').actions).toEqual(['extend']);
  });

  it('"thu hồi" asks for the record that revokes, "đổi biển" for the one that replaces', () => {
    expect(asked('xe cũ đã bán, thu hồi đăng ký xe ở đâu').actions).toEqual(['terminate']);
    expect(asked('biển số mờ hết chữ, đổi biển mới').actions).toEqual(['replace']);
  });
});

describe('agreement decides between siblings', () => {
  const procedures = [
    namedRecord('9.000001', 'Đăng ký giám hộ'),
    namedRecord('9.000002', 'Đăng ký chấm dứt giám hộ'),
    namedRecord('9.000003', 'Cấp hộ chiếu phổ thông ở trong nước'),
    namedRecord('9.000004', 'Trình báo mất hộ chiếu phổ thông'),
    namedRecord('9.000005', 'Gia hạn tạm trú'),
    namedRecord('9.000006', 'Gia hạn tạm trú cho người nước ngoài tại Việt Nam'),
    namedRecord('9.000007', 'Đăng ký lại khai sinh'),
    namedRecord('9.000008', 'Đăng ký lại khai sinh có yếu tố nước ngoài'),
    namedRecord('9.000009', 'Gia hạn tạm trú cho người đã được cấp giấy miễn thị thực'),
  ];
  const vocabulary = new Vocabulary([{ say: ['cà vẹt'], means: 'chứng nhận đăng ký xe' }]);
  const search = new ProcedureSearch(procedures, { vocabulary, everydayNames: new Map() });
  const top = (q: string) => search.search(q, { limit: 3 })[0]?.procedure.code;

  it('the action asked for wins over the opposite one', () => {
    expect(top('chấm dứt giám hộ cho cháu đã đủ 18 tuổi')).toBe('9.000002');
    expect(top('dang ky giam ho cho chau')).toBe('9.000001');
  });

  it('making a passport is not reporting one lost', () => {
    expect(top('làm hộ chiếu ở đâu')).toBe('9.000003');
    expect(top('bị mất hộ chiếu phải trình báo ở đâu')).toBe('9.000004');
  });

  it('a foreigner gets the foreigners’ record, a citizen the citizens’', () => {
    expect(top('gia hạn tạm trú cho chồng người Hàn Quốc')).toBe('9.000006');
    expect(asked('gia hạn tạm trú cho kỹ sư Nhật Bản').subjects).toEqual(['foreigner']);
    expect(asked('nhà nghỉ có khách tây ở, khai báo tạm trú cho họ').subjects).toEqual(['foreigner']);
    expect(top('gia hạn tạm trú cho con')).toBe('9.000005');
    expect(top('gia hạn tạm trú, không phải người nước ngoài')).toBe('9.000005');
  });

  it('"có yếu tố nước ngoài" serves a Vietnamese abroad as it serves a foreigner', () => {
    expect(asked('tôi định cư ở Canada lâu rồi').subjects).toEqual(['abroad']);
    expect(top('tôi định cư ở Canada, giấy khai sinh mất, sổ gốc cũng không còn, làm lại khai sinh')).toBe('9.000008');
    expect(top('tôi là người ở nước ngoài, muốn làm lại khai sinh')).toBe('9.000008');
    expect(top('bố người Pháp, làm lại khai sinh cho con')).toBe('9.000008');
    expect(top('giấy khai sinh mất, sổ gốc cũng không còn, làm lại khai sinh')).toBe('9.000007');
  });

  it('a visa exemption certificate is held by a foreigner or a Vietnamese abroad', () => {
    expect(nameFacets('Gia hạn tạm trú cho người đã được cấp giấy miễn thị thực').subjects).toEqual(['foreign_element']);
    expect(top('vợ tôi người Mỹ vào bằng giấy miễn thị thực, giờ gia hạn tạm trú')).toBe('9.000009');
  });

  it('hits carry the facets of their record', () => {
    expect(search.search('chấm dứt giám hộ', { limit: 1 })[0].facets.actions).toEqual(['terminate']);
  });
});

describe('an ending already done ("đã bị chấm dứt") is the story, not the request', () => {
  const search = new ProcedureSearch([namedRecord('9.000031', 'Chấm dứt hiệu lực mã số thuế'), namedRecord('9.000032', 'Khôi phục mã số thuế')], {
    everydayNames: new Map(),
  });

  it('denies the ending and leaves what is asked', () => {
    expect(asked('mã số thuế của hộ đã bị chấm dứt hiệu lực, giờ muốn khôi phục').denied).toEqual(['terminate']);
    expect(
      search.search('hộ kinh doanh nghỉ từ 2021, thuế đã chấm dứt hiệu lực mã số thuế rồi, giờ bán lại muốn khôi phục mã cũ', { limit: 2 })[0]
        ?.procedure.code,
    ).toBe('9.000032');
  });
});

/** The best of these named records for a question, read with the national vocabulary and no everyday names. */
function topAmong(names: Array<[string, string]>): (question: string) => string | undefined {
  const search = new ProcedureSearch(
    names.map(([code, name]) => namedRecord(code, name)),
    { everydayNames: new Map() },
  );
  return (question) => search.search(question, { limit: 3 })[0]?.procedure.code;
}

describe('a paper that runs out ("hết hạn") leans away from the first issue', () => {
  const top = topAmong([
    ['9.000011', 'Cấp chứng chỉ hành nghề dược'],
    ['9.000012', 'Gia hạn chứng chỉ hành nghề dược'],
    ['9.000013', 'Thu hồi chứng chỉ hành nghề dược'],
  ]);

  it('hints at renewing when nothing else is asked; an action named decides', () => {
    expect(asked('chứng chỉ của tôi sắp hết hạn').actions).toEqual(['expired']);
    expect(asked('chứng chỉ hết hạn rồi, muốn thu hồi luôn').actions).toEqual(['terminate']);
    // "được cấp năm 2019" says when it was issued, not that a first issue is asked.
    expect(top('tôi được cấp chứng chỉ hành nghề dược năm 2019, tháng sau hết hạn, làm sao')).toBe('9.000012');
    expect(top('chứng chỉ hành nghề dược hết hạn rồi, xin thu hồi thế nào')).toBe('9.000013');
  });
});

describe('a later repayment date for a registered loan is a change of its registration', () => {
  const top = topAmong([
    ['9.000031', 'Đăng ký khoản vay nước ngoài của doanh nghiệp không được bảo lãnh'],
    ['9.000032', 'Đăng ký thay đổi khoản vay nước ngoài của doanh nghiệp không được bảo lãnh'],
    ['9.000033', 'Cấp giấy phép khai thác bến bãi'],
    ['9.000034', 'Gia hạn giấy phép khai thác bến bãi'],
    ['9.000035', 'Điều chỉnh giấy phép khai thác bến bãi'],
  ]);

  it('a later date for a registered loan is its change; a licence with its own renewal keeps it', () => {
    expect(top('khoản vay nước ngoài của công ty đã đăng ký rồi, giờ bên cho vay đồng ý lùi thời hạn trả nợ thêm 1 năm thì làm sao')).toBe(
      '9.000032',
    );
    expect(top('giấy phép khai thác bến bãi sắp hết, xin gia hạn thế nào')).toBe('9.000034');
  });
});

describe('"làm lại" yields to the cause told with it', () => {
  it('a damaged card asks an exchange, a lost one a reissue; alone, "làm lại" still asks a reissue', () => {
    expect(asked('giấy chứng nhận bị gãy đôi, muốn làm lại').actions).toEqual(['replace']);
    expect(asked('thẻ bị nứt chip rồi, xin lại thẻ ở đâu').actions).toEqual(['replace']);
    expect(asked('giấy chứng nhận bị mất, làm lại thế nào').actions).toEqual(['reissue']);
    expect(asked('xin làm lại giấy chứng nhận').actions).toEqual(['reissue']);
    // "công dân bị …" is the card's long name and what happened to it, no Belgian citizen ("công dân Bỉ").
    expect(asked('căn cước công dân bị gãy, lam lai o dau')).toMatchObject({ actions: ['replace'], subjects: [] });
    expect(asked('tôi quốc tịch Bỉ').subjects).toEqual(['foreigner']);
    // A wrong detail is no sibling of a reissue: "làm lại cho đúng" still asks both.
    expect(asked('giấy chứng nhận ghi sai tên, muốn làm lại cho đúng').actions).toEqual(['amend', 'reissue']);
  });
});

describe('national vocabulary', () => {
  it('credits the official words an everyday phrase means, only when its condition holds', () => {
    const vocabulary = new Vocabulary([
      { say: ['sổ đỏ', 'sổ hồng'], means: 'giấy chứng nhận quyền sử dụng đất' },
      { say: ['mất'], means: 'cấp lại', when: ['giấy', 'thẻ'] },
    ]);
    expect(vocabulary.officialWords(fold('thế chấp sổ hồng').split(' '))).toEqual(['giay', 'chung', 'nhan', 'quyen', 'su', 'dung', 'dat']);
    expect(vocabulary.officialWords(fold('bố tôi mất').split(' '))).toEqual([]);
    expect(vocabulary.officialWords(fold('mất thẻ').split(' '))).toEqual(['cap', 'lai']);
  });

  it('finds a record through the official words', () => {
    const search = new ProcedureSearch([namedRecord('9.000010', 'Cấp lại chứng nhận đăng ký xe'), namedRecord('9.000011', 'Cấp giấy phép lái xe')], {
      vocabulary: new Vocabulary([{ say: ['cà vẹt'], means: 'chứng nhận đăng ký xe' }]),
      everydayNames: new Map(),
    });
    expect(search.search('mất cà vẹt xe máy', { limit: 1 })[0].procedure.code).toBe('9.000010');
  });
});

/** A record with only a code and a name: what the facets and the search read. */
describe('what the question denies credits no record', () => {
  const procedures = [
    namedRecord('9.000011', 'Khai thác thông tin trong Cơ sở dữ liệu quốc gia về dân cư'),
    namedRecord('9.000012', 'Khai thác thông tin trong Cơ sở dữ liệu căn cước'),
    namedRecord('9.000015', 'Đăng ký tàu biển'),
    namedRecord('9.000016', 'Đăng ký tàu cá'),
    namedRecord('9.000017', 'Xóa đăng ký tạm trú'),
    namedRecord('9.000018', 'Xóa đăng ký thường trú'),
    namedRecord('9.000013', 'Cấp lại thẻ hội viên'),
    namedRecord('9.000014', 'Cấp đổi thẻ hội viên'),
  ];
  const search = new ProcedureSearch(procedures, { vocabulary: new Vocabulary([]), everydayNames: new Map() });
  const top = (q: string) => search.search(q, { limit: 3 })[0]?.procedure.code;

  it('"không phải X": X names nothing, what follows does', () => {
    expect(top('xin khai thác thông tin trong dữ liệu căn cước, không phải dữ liệu dân cư')).toBe('9.000012');
    expect(top('không phải cơ sở dữ liệu căn cước mà là dữ liệu quốc gia về dân cư, khai thác thông tin thế nào')).toBe('9.000011');
    expect(top('đăng ký tàu, không phải tàu biển đâu, thuyền đánh cá nhỏ thôi')).toBe('9.000016');
  });

  it('"không phải <action> X, mà …": the action is denied, X is still what the question is about', () => {
    const cards = new ProcedureSearch(
      [
        namedRecord('9.000021', 'Cấp lại thẻ hội viên câu lạc bộ'),
        namedRecord('9.000022', 'Cấp lại giấy phép câu lạc bộ'),
        namedRecord('9.000023', 'Cấp lại giấy chứng nhận bị mất'),
      ],
      { vocabulary: new Vocabulary([]), everydayNames: new Map() },
    );
    expect(cards.search('không phải gia hạn thẻ hội viên, mà bị mất cắp rồi, cấp lại thế nào', { limit: 1 })[0]?.procedure.code).toBe('9.000021');
  });

  it('what is denied and said nowhere else decides, even when the denial repeats what is asked ("mã số thuế")', () => {
    const tax = new ProcedureSearch(
      [
        namedRecord('9.000031', 'Đăng ký mã số thuế lần đầu cho cá nhân'),
        namedRecord('9.000032', 'Đăng ký mã số thuế lần đầu cho văn phòng, tổ chức'),
      ],
      { vocabulary: new Vocabulary([]), everydayNames: new Map() },
    );
    expect(tax.search('đăng ký mã số thuế lần đầu, chứ không phải mã số thuế cá nhân', { limit: 1 })[0]?.procedure.code).toBe('9.000032');
  });

  it('"X chứ không Y" denies Y: it names nothing ("đóng tiếp chứ không rút một lần")', () => {
    const insurance = new ProcedureSearch(
      [namedRecord('9.000041', 'Đăng ký đóng bảo hiểm xã hội tự nguyện'), namedRecord('9.000042', 'Giải quyết rút bảo hiểm xã hội một lần')],
      { vocabulary: new Vocabulary([]), everydayNames: new Map() },
    );
    const text = 'muốn tự đóng bảo hiểm xã hội tiếp chứ không rút một lần thì làm sao';
    expect(insurance.search(text, { limit: 1 })[0]?.procedure.code).toBe('9.000041');
    expect(reader.deniedSpans(fold(text).split(' ')).map((run) => run.length)).toEqual([3]);
    // Typed short ("chứ ko phải"), the denial is still read whole: "phải" is no part of what is denied.
    expect(reader.deniedSpans(fold('thế chấp xe tải chứ ko phải nhà đất').split(' '))).toEqual([[7, 8]]);
  });

  it('"không xin X" denies X; "không xin được X" says one cannot get it and denies nothing', () => {
    expect(reader.deniedSpans(fold('tôi không xin vào hộ nghèo, mà muốn ra khỏi hộ cận nghèo').split(' '))).toEqual([[3, 4, 5]]);
    expect(reader.deniedSpans(fold('tôi không xin được giấy phép xây dựng, giờ làm sao').split(' '))).toEqual([]);
    expect(reader.deniedSpans(fold('em ko xin dc giay phep xay dung').split(' '))).toEqual([]);
  });

  it('"không phải, mà là …" denies nothing (folded, "mà" is also "mã")', () => {
    expect(reader.deniedSpans(fold('hỏi vậy không phải, mà là muốn cấp giấy phép vùng trồng').split(' '))).toEqual([]);
  });

  it('a record whose name holds all of what is denied loses ground to the one that does not', () => {
    expect(top('con tôi ra nước ngoài rồi, cần xóa đăng ký cho nó, không phải xóa tạm trú')).toBe('9.000018');
  });

  it('a name that itself says "không phải <it>" agrees with the question that denies it', () => {
    const names = ['Chứng thực chữ ký người dịch là cộng tác viên', 'Chứng thực chữ ký người dịch không phải là cộng tác viên'];
    const words = ['cong', 'tac', 'vien'];
    expect(reader.deniedWordsFactor([words], fold(names[0]))).toBeLessThan(1);
    expect(reader.deniedWordsFactor([words], fold(names[1]))).toBe(1);
  });

  it('a name that says "không phải <it>" is the other case when the question says it plainly, not when it asks whether it is needed', () => {
    const translators = new ProcedureSearch(
      [
        namedRecord('9.000040', 'Chứng thực chữ ký người dịch không phải viên chức ngoại giao, viên chức lãnh sự'),
        namedRecord('9.000041', 'Chứng thực chữ ký người dịch mà người dịch là viên chức ngoại giao, viên chức lãnh sự'),
      ],
      { vocabulary: new Vocabulary([]), everydayNames: new Map() },
    );
    expect(translators.search('nhờ viên chức lãnh sự ở đại sứ quán dịch rồi chứng thực chữ ký người dịch', { limit: 1 })[0].procedure.code).toBe(
      '9.000041',
    );
    const name = fold('Đăng ký biến động chuyển mục đích sử dụng đất không phải xin phép cơ quan nhà nước');
    expect(reader.negatedNameFactor(' chuyen muc dich dat o co phai xin phep khong ', name)).toBe(1);
    expect(reader.negatedNameFactor(' chuyen muc dich dat nay da xin phep roi ', name)).toBeLessThan(1);
  });

  it("a company's question is no household business's record, nor the other way round; a name of both kinds is neither's other", () => {
    const both = fold('Thủ tục hỗ trợ chuyển đổi hộ kinh doanh thành doanh nghiệp');
    expect(reader.otherKindFactor(reader.kindsAsked(' ho kinh doanh muon len doanh nghiep '), both)).toBe(1);
    expect(reader.otherKindFactor(reader.kindsAsked(' cong ty toi muon tam ngung '), fold('Tạm ngừng kinh doanh hộ kinh doanh'))).toBeLessThan(1);
    expect(
      reader.otherKindFactor(reader.kindsAsked(' ho kinh doanh cua toi muon tam ngung '), fold('Tạm ngừng kinh doanh của doanh nghiệp')),
    ).toBeLessThan(1);
    // A company's land is no record whose official subjects are all people, and the other way round.
    const firstCertificate = fold('Đăng ký đất đai, cấp Giấy chứng nhận lần đầu');
    expect(reader.otherKindFactor(reader.kindsAsked(' cong ty toi xin cap so lan dau '), firstCertificate, ['cong dan viet nam'])).toBeLessThan(1);
    expect(
      reader.otherKindFactor(reader.kindsAsked(' cong ty toi xin cap so lan dau '), firstCertificate, ['doanh nghiep', 'cong dan viet nam']),
    ).toBe(1);
    expect(
      reader.otherKindFactor(reader.kindsAsked(' toi la ca nhan muon xin cap so '), firstCertificate, ['doanh nghiep', 'to chuc nuoc ngoai']),
    ).toBeLessThan(1);
    // A cooperative is no company.
    expect(
      reader.otherKindFactor(reader.kindsAsked(' hop tac xa cua toi muon doi ten '), fold('Đăng ký thay đổi thành viên công ty trách nhiệm hữu hạn')),
    ).toBeLessThan(1);
    // A notary office or a law firm is registered with justice, not as an enterprise.
    expect(
      reader.otherKindFactor(
        reader.kindsAsked(' van phong cong chung cua toi chuyen tru so '),
        fold('Đăng ký thay đổi địa chỉ trụ sở chính của doanh nghiệp'),
      ),
    ).toBeLessThan(1);
    expect(
      reader.otherKindFactor(
        reader.kindsAsked(' van phong cong chung cua toi chuyen tru so '),
        fold('Thay đổi nội dung đăng ký hoạt động của Văn phòng công chứng'),
      ),
    ).toBe(1);
  });

  it('a name that excludes a case "(trừ …)" is the other record when the question tells that case, not when it denies it', () => {
    const farms = new ProcedureSearch(
      [
        namedRecord(
          '9.000050',
          'Cấp lại Giấy chứng nhận cơ sở an toàn dịch bệnh động vật (trừ cơ sở an toàn dịch bệnh theo yêu cầu của nước nhập khẩu)',
        ),
        namedRecord('9.000051', 'Cấp lại Giấy chứng nhận cơ sở an toàn dịch bệnh động vật theo yêu cầu của nước nhập khẩu'),
      ],
      { vocabulary: new Vocabulary([]), everydayNames: new Map() },
    );
    const top = (text: string) => farms.search(text, { limit: 1 })[0].procedure.code;
    expect(top('trại gà có giấy an toàn dịch bệnh theo yêu cầu nước nhập khẩu bị mất, xin cấp lại')).toBe('9.000051');
    expect(top('xin cấp lại giấy cơ sở an toàn dịch bệnh động vật, không phải theo yêu cầu nước nhập khẩu đâu')).toBe('9.000050');
    expect(exclusionPairs('Khai thuế GTGT đối với phương pháp khấu trừ')).toEqual([]);
  });

  it('what the person already has ("đã có …") is the story; what they ask for decides', () => {
    const words = (text: string) =>
      [...reader.backgroundPositions(fold(text).split(' '), () => clauseEnds(text))].map((i) => fold(text).split(' ')[i]);
    expect(words('cháu đã có giấy khai sinh rồi, giờ bố cháu muốn nhận con')).toEqual(['giay', 'khai', 'sinh']);
    expect(words('đã có giấy khai sinh, làm lại giấy khai sinh')).toEqual([]);
    // A paper to translate or notarise is one of the procedure discussed.
    expect(words('có phải dịch công chứng hộ chiếu của ông ấy không')).toEqual(expect.arrayContaining(['ho', 'chieu']));
    const search = new ProcedureSearch(
      [namedRecord('9.000020', 'Đăng ký khai sinh cho trẻ em'), namedRecord('9.000021', 'Đăng ký nhận cha, mẹ, con')],
      { vocabulary: new Vocabulary([]), everydayNames: new Map() },
    );
    expect(search.search('con tôi đã có giấy khai sinh, bố cháu muốn làm thủ tục nhận con', { limit: 1 })[0].procedure.code).toBe('9.000021');
  });

  it('what one already has stays background when spelled out ("CCCD" → căn cước) or meant through the vocabulary', () => {
    const cards = new ProcedureSearch([namedRecord('9.000022', 'Cấp thẻ căn cước'), namedRecord('9.000023', 'Đăng ký khai sinh')], {
      vocabulary: new Vocabulary([]),
      everydayNames: new Map(),
    });
    // "căn" spelled out from "CCCD" is no "cần": it does not end what the person has.
    expect(cards.search('tôi đã có CCCD với học bạ, giờ làm khai sinh được không', { limit: 1 })[0].procedure.code).toBe('9.000023');
    const cars = new ProcedureSearch([namedRecord('9.000024', 'Cấp chứng nhận đăng ký xe'), namedRecord('9.000025', 'Cấp giấy phép lái xe')], {
      vocabulary: new Vocabulary([{ say: ['cà vẹt'], means: 'chứng nhận đăng ký xe' }]),
      everydayNames: new Map(),
    });
    expect(cars.search('đã có cà vẹt xe rồi, giờ muốn học lái xe', { limit: 1 })[0].procedure.code).toBe('9.000025');
  });

  it('a place told by who lives there ("ở nơi mẹ tạm trú") is background; "nói" typed with its marks opens none', () => {
    const words = (text: string) =>
      [...reader.backgroundPositions(fold(text).split(' '), () => clauseEnds(text))].map((i) => fold(text).split(' ')[i]);
    expect(words('làm căn cước ở nơi mẹ đang tạm trú được không')).toEqual(['tam', 'tru']);
    // Without a word of place before it, "nơi cư trú" is what the record is about.
    expect(words('người không có nơi cư trú xin lý lịch tư pháp')).toEqual([]);
    const stays = new ProcedureSearch([namedRecord('9.000030', 'Cấp thẻ căn cước'), namedRecord('9.000031', 'Đăng ký tạm trú')], {
      vocabulary: new Vocabulary([]),
      everydayNames: new Map(),
    });
    const stayScore = (text: string) => stays.searchDetailed(text, { limit: 2 }).hits.find((h) => h.procedure.code === '9.000031')?.score ?? 0;
    expect(stayScore('công an nói tạm trú')).toBeGreaterThan(stayScore('công an nơi tạm trú'));
    expect(stayScore('cong an noi tam tru')).toBe(stayScore('công an nơi tạm trú'));
  });

  it('the asker\'s own company ("công ty TNHH nhỏ của em") is background; a company to set up is not', () => {
    const words = (text: string) =>
      [...reader.backgroundPositions(fold(text).split(' '), () => clauseEnds(text))].map((i) => fold(text).split(' ')[i]);
    expect(words('công ty trách nhiệm hữu hạn nhỏ của em cần quyết toán thuế')).toEqual(['cong', 'ty', 'trach', 'nhiem', 'huu', 'han']);
    expect(words('em muốn thành lập công ty trách nhiệm hữu hạn')).toEqual([]);
  });

  it('a sentence that tells a thing done: "đã …", or ending on "rồi", "xong"', () => {
    const done = (text: string) => reader.tellsDone(fold(text).split(' '));
    expect(done('chúng tôi đăng ký kết hôn ở xã rồi')).toBe(true);
    expect(done('nhà đã làm khai tử cho bố')).toBe(true);
    expect(done('giờ làm khai sinh cho bé ở đâu')).toBe(false);
  });

  it('"có … rồi" tells what one has; "có … không" asks; an action asked about what one has keeps its words', () => {
    const words = (text: string) =>
      [...reader.backgroundPositions(fold(text).split(' '), () => clauseEnds(text))].map((i) => fold(text).split(' ')[i]);
    expect(words('hai vợ chồng có đăng ký kết hôn rồi, giờ làm khai sinh cho con')).toEqual(['dang', 'ky', 'ket', 'hon']);
    expect(words('hai vợ chồng có đăng ký kết hôn không')).toEqual([]);
    const shop = new ProcedureSearch(
      [namedRecord('9.000070', 'Đăng ký thành lập hộ kinh doanh'), namedRecord('9.000071', 'Chấm dứt hoạt động hộ kinh doanh')],
      { vocabulary: new Vocabulary([]), everydayNames: new Map() },
    );
    expect(shop.search('tiệm tạp hóa có giấy phép hộ kinh doanh rồi, giờ muốn nghỉ hẳn không bán nữa', { limit: 1 })[0].procedure.code).toBe(
      '9.000071',
    );
  });

  it('two actions offered as a choice ask for neither: the situation decides', () => {
    expect(asked('làm thẻ mới là cấp đổi hay cấp lại').actions).toEqual([]);
    expect(top('thẻ hội viên không mất, chỉ bị trầy chip, cấp lại hay cấp đổi')).toBe('9.000014');
  });
});

describe('a follow-up\'s opening "còn"', () => {
  const search = new ProcedureSearch([namedRecord('9.000094', 'Đăng ký nhận cha, mẹ, con'), namedRecord('9.000095', 'Đổi giấy phép lái xe')], {
    vocabulary: new Vocabulary([]),
    everydayNames: new Map(),
  });
  const codes = (text: string) => search.search(text, { limit: 3 }).map((h) => h.procedure.code);

  it('names nothing, typed with or without marks; "con tôi", "con gái" are children', () => {
    expect(codes('con le phi thi sao')).not.toContain('9.000094');
    expect(codes('thế còn lệ phí thì sao')).not.toContain('9.000094');
    expect(codes('con toi muon nhan cha')).toContain('9.000094');
    expect(codes('con gái tôi')).toContain('9.000094');
  });
});

describe('a civil status event settled abroad', () => {
  const abroad = 'của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài';
  const search = new ProcedureSearch(
    [
      namedRecord('9.000090', 'Thủ tục đăng ký kết hôn'),
      namedRecord('9.000091', `Thủ tục ghi vào Sổ hộ tịch việc kết hôn ${abroad}`),
      namedRecord('9.000092', `Thủ tục ghi vào Sổ hộ tịch việc ly hôn, hủy việc kết hôn ${abroad}`),
      namedRecord('9.000093', 'Cấp bản sao bản án, quyết định ly hôn'),
    ],
    {
      vocabulary: new Vocabulary([]),
      everydayNames: new Map([
        ['9.000091', [{ text: 'ghi chú kết hôn đã đăng ký ở nước ngoài', folded: fold('ghi chú kết hôn đã đăng ký ở nước ngoài') }]],
        ['9.000092', [{ text: 'ly dị ở nước ngoài về quê ghi vào sổ', folded: fold('ly dị ở nước ngoài về quê ghi vào sổ') }]],
      ]),
    },
  );
  const top = (text: string) => search.search(text, { limit: 1 })[0].procedure.code;

  it('"kết hôn ở Hàn Quốc", "cưới bên Nhật", "bên đó cấp" ask for the record of it, not a new registration', () => {
    expect(asked('kết hôn ở Hàn Quốc rồi').subjects).toContain('done_abroad');
    expect(asked('kết hôn với người Hàn Quốc').subjects).not.toContain('done_abroad');
    // "phần còn lại" is what is left, "con lai" a child of a foreign parent only when said so.
    expect(asked('gia đình nhận phần còn lại thế nào').subjects).toEqual([]);
    expect(asked('con lai Việt Pháp chưa có khai sinh').subjects).toContain('foreigner');
    expect(top('kết hôn ở Hàn Quốc rồi, về Việt Nam có phải đăng ký kết hôn lại không')).toBe('9.000091');
    expect(top('hai đứa cưới bên Nhật, giấy kết hôn bên đó cấp rồi, giờ về nước làm gì')).toBe('9.000091');
  });
});

describe('an everyday name that tells a loss stays in its lane', () => {
  const named = (text: string) => ({ text, folded: fold(text) });
  const search = new ProcedureSearch([namedRecord('9.000041', 'Cấp giấy miễn thị thực'), namedRecord('9.000042', 'Cấp lại giấy miễn thị thực')], {
    vocabulary: new Vocabulary([]),
    everydayNames: new Map([
      ['9.000041', [named('xin giấy miễn thị thực cho chồng')]],
      ['9.000042', [named('làm mất giấy miễn thị thực của chồng người nước ngoài')]],
    ]),
  });
  const top = (q: string) => search.search(q, { limit: 1 })[0]?.procedure.code;

  it('fits a question that tells the loss, not a first application that shares its other words', () => {
    expect(top('chồng tôi người nước ngoài muốn xin giấy miễn thị thực')).toBe('9.000041');
    expect(top('chồng tôi người nước ngoài làm mất giấy miễn thị thực')).toBe('9.000042');
  });
});
