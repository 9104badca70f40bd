import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/store.js';
import { AskCues } from '../../src/nlu/asks.js';
import { Understander } from '../../src/nlu/index.js';
import { prepare } from '../../src/text/index.js';
import { bundledProcedures } from '../support/catalog.js';

const catalog = new Catalog(bundledProcedures());
const nlu = Understander.fromDirectory(() => catalog.search);

/** The question a message asks, whatever its story tells around it. */
describe('reading the question a message asks', () => {
  it.each([
    // Whether money must be paid is a question about the fee.
    ['chuyển sang đất ở thì có phải đóng tiền sử dụng đất không', 'fees'],
    // Which office, as a choice or a confirmation.
    ['Tôi cần phiếu lý lịch tư pháp để đi làm, xin ở Sở Tư pháp hay đâu?', 'where'],
    ['Hộ chiếu của con tôi hết hạn, cấp lại thì nộp ở công an tỉnh phải không?', 'where'],
    ['mình muốn đăng ký thường trú cho con, hồ sơ gửi ai?', 'where'],
    ['muốn xin giao đất làm nhà thì làm đơn gửi đâu', 'where'],
    ['tự quyết toán thuế thu nhập cá nhân thì nộp cho cơ quan thuế nào', 'where'],
    // Whether one office will do it: where it is done.
    ['làm lại căn cước ở công an xã được không', 'where'],
    ['xin xác nhận cư trú ở bộ phận một cửa dc ko', 'where'],
    // A deadline, a least amount a month.
    ['quyết toán tạm trú hạn chót khi nào', 'duration'],
    // How long before a date one must file is a condition of filing, not how long the office takes.
    ['chứng chỉ sắp hết hạn, gia hạn thì phải nộp trước bao lâu', 'requirements'],
    ['tạm ngừng kinh doanh phải báo trước mấy ngày', 'requirements'],
    ['đăng ký tạm trú đóng tối thiểu bn 1 tháng', 'fees'],
    // Whether one may or must: not the fee, not the channel.
    ['sinh viên có được làm lý lịch tư pháp miễn phí không', 'requirements'],
    ['căn cước có miễn phí không', 'fees'],
    ['khai sinh cho con quá hạn dc ko', 'requirements'],
    // A story that ends on "how": what it told before ("được mấy tháng", "mấy tháng nay") asks nothing.
    ['Tôi ở trọ được mấy tháng nay, chủ nhà giục mãi. Giờ đăng ký tạm trú thì làm thế nào?', 'overview'],
    ['Con tôi ở trọ mấy tháng nay rồi. Tôi muốn đăng ký tạm trú cho con.', 'overview'],
    // A stay told ("lên ở chơi mấy hôm") asks nothing of how long; the channel asked after it does.
    ['Cháu tôi ở quê lên ở chơi mấy hôm, tôi khai báo tạm trú cho cháu qua VNeID được không?', 'online'],
    // "Nowhere", "so as not to pay" tell; they ask neither where nor how much.
    ['con tôi chưa đăng ký tạm trú ở đâu cả, giờ muốn đăng ký tạm trú cho con', 'overview'],
    ['muốn đăng ký tạm trú cho con để không phải đóng phí phạt', 'overview'],
    // A fee named before "bao nhiêu" with words between; going in person "or online" asks about the channel.
    ['đăng ký tạm trú phí thẩm định bao nhiêu', 'fees'],
    ['đăng ký tạm trú thì tiền lệ phí hết bao nhiêu', 'fees'],
    ['đăng ký tạm trú có phải lên công an xã không hay làm trên mạng', 'online'],
    ['đăng ký tạm trú có phải ra công an xã ký không', 'requirements'],
    // "Giấy chứng nhận đủ điều kiện" names a paper; "có đủ điều kiện … không" asks whether one qualifies.
    ['xưởng sản xuất phân bón bị mất giấy chứng nhận đủ điều kiện, xin cấp lại', 'overview'],
    ['xưởng của tôi có đủ điều kiện sản xuất phân bón không', 'requirements'],
    // "ở tỉnh thế nào" asks how it goes at the province, not how a fee is reckoned ("tính thế nào").
    ['đăng ký thường trú cho con thì thủ tục ở tỉnh thế nào', 'overview'],
    // "phải xin … không" without "có" still asks whether one must.
    ['mở quán karaoke phải xin giấy phép không', 'requirements'],
    // How to do it online is the channel; "tới đâu" is where; the same day is how long; a certificate of fitness
    // named before "thì xin thế nào" is the paper, not a question about the conditions.
    ['đăng ký tạm trú cho con thì làm online thế nào', 'online'],
    ['giấy tờ bị mờ, mang tới đâu để xác nhận', 'where'],
    ['giấy đăng kiểm tàu cá hết hạn rồi, muốn cấp lại thì tới đâu làm', 'where'],
    ['chứng thực bản sao có lấy ngay trong ngày được không', 'duration'],
    ['xưởng cần giấy chứng nhận đủ điều kiện sản xuất phân bón thì xin thế nào', 'overview'],
    // The level one changes is what is asked for, not a fee.
    ['bhxh tự nguyện sau này muốn tăng mức đóng thì điều chỉnh được không', 'requirements'],
    // "không phải X, chỉ Y thôi" tells what it is not; it asks nothing by itself.
    ['giấy phép kinh doanh vận tải bị mất, không phải thay đổi nội dung gì hết, chỉ xin cấp lại thôi', 'overview'],
    // Which paper to apply for is which procedure; which papers to bring are its documents.
    ['mở quán ăn nhỏ thì phải xin giấy gì', 'overview'],
    // An office one would rather not go to ("khỏi phải ra công an") is no question of where.
    ['mất đăng ký xe máy, muốn làm lại online luôn, khỏi phải ra công an thì được không', 'online'],
    ['làm lại căn cước online, không phải lên công an xã thì được không', 'online'],
    // What a file is made of, with words between ("hồ sơ xin lần đầu gồm gì"), is its documents; whom a
    // request is handed to is where.
    [
      'Gia đình tôi mới chuyển về đây ở trọ được mấy tháng nay, chủ nhà giục mãi, tôi cũng định ở lâu dài vì con đi học gần. Đăng ký tạm trú cho con thì hồ sơ xin lần đầu gồm gì?',
      'documents',
    ],
    ['Gia đình tôi là hộ chính sách, mới chuyển về đây ở trọ, chủ nhà giục mãi. Muốn đăng ký tạm trú cho con thì nộp đơn cho ai?', 'where'],
    ['đăng ký tạm trú cho con cần giấy gì', 'documents'],
    // Whom to contact, which desk: which office.
    ['đăng ký tạm trú cho con thì liên hệ bộ phận nào', 'where'],
    ['hồ sơ đăng ký thường trú gửi về đâu', 'where'],
    // Whom to tell, whose commune: which office.
    ['đăng ký kết hôn thì ra xã của ai cũng được hả?', 'where'],
    ['con mới chuyển về thì đăng ký thường trú báo với ai?', 'where'],
    // Handing it in somewhere "được không" asks where it goes; "online toàn trình" asks about the channel.
    ['đăng ký tạm trú nộp thẳng ra công an tỉnh được không', 'where'],
    ['đăng ký tạm trú online toàn trình dc ko', 'online'],
    // Whether the commune may certify it (rather than a notary) asks whether this procedure serves, not where it is.
    ['hợp đồng cho thuê nhà chứng thực ở ubnd phường được không', 'requirements'],
    ['giấy ủy quyền thì ra xã chứng thực có được không hay bắt buộc phải ra văn phòng công chứng', 'requirements'],
    ['văn bản thỏa thuận chia thừa kế chứng thực ở xã được chứ, hay phải công chứng?', 'requirements'],
    // Filling in a form is not asking for one.
    ['khai tờ khai đăng ký thường trú xong thì nộp ở đâu', 'where'],
    // Whether a channel is allowed asks about that channel.
    ['nộp hồ sơ cấp đổi bằng lái qua bưu điện có được không', 'online'],
    ['đăng ký khai sinh cho con có cần ra xã không hay làm ở nhà được', 'online'],
    // …also when a few words come between, or the channel sits inside "có … được không".
    ['đăng ký tạm trú, nếu nộp online từ bên Nhật thì có được không ạ', 'online'],
    ['đăng ký tạm trú có khai báo online trước được không', 'online'],
    // "onl" is how many type online.
    ['đăng ký tạm trú nộp onl được ko', 'online'],
    // Through the employer or straight to the agency asks where; "qua công ty" is no portal ("qua cổng").
    [
      'Chồng tôi đóng bảo hiểm 10 năm thì mất vì tai nạn giao thông, gia đình được hưởng tiền tuất. Vậy hồ sơ tôi nộp cho công ty hay nộp thẳng cho bảo hiểm xã hội?',
      'where',
    ],
    ['hưởng trợ cấp tuất nộp qua công ty hay tự nộp', 'where'],
    // "hay bố mẹ" is a person, no office ("hay bộ").
    ['lam can cuoc cho be co bat buoc dan be ra cong an ko hay bo me lam thay dc', 'requirements'],
    ['đăng ký kết hôn làm ở phường hay ở tỉnh', 'where'],
    ['đăng ký kết hôn khi nào nhận được giấy', 'duration'],
    ['sang tên sổ đỏ thì nộp thuế gì', 'fees'],
    // A narrower question that closes its own clause is asked as surely as the "how" after it;
    // a number the story tells is not.
    ['đăng ký tạm trú cho con nộp ở đâu, làm thế nào?', 'where'],
    ['cấp đổi bằng lái mất mấy ngày, làm sao?', 'duration'],
    ['ở trọ mấy tháng nay chưa báo, giờ đăng ký tạm trú thế nào?', 'overview'],
    // The conditions, asked with a "how" at the end, are the conditions.
    ['điều kiện đăng ký thường trú cho con như thế nào?', 'requirements'],
    // What one has to do, with or without "những": which procedure and what it takes, not its steps.
    ['đăng ký tạm trú cho con thì phải làm những gì', 'overview'],
    ['cấp lại bằng lái bị mất cần làm những gì', 'overview'],
    // A vague "how" ("làm sao", "thủ tục ra sao") wants the procedure as a whole; the steps are asked by name.
    ['đăng ký tạm trú cho con thì thủ tục ra sao', 'overview'],
    ['đăng ký tạm trú cho con thì làm sao', 'overview'],
    // "kiểu gì" is the everyday "how".
    ['đăng ký tạm trú cho con thì làm kiểu gì', 'overview'],
    ['mo khoa lai can cuoc dien tu kieu gi', 'overview'],
    ['các bước đăng ký tạm trú cho con thế nào', 'steps'],
    ['đăng ký tạm trú cho con thì làm đơn thế nào', 'steps'],
  ])('"%s" → %s', (text, intent) => {
    expect(nlu.understand(text).intent).toBe(intent);
  });

  it.each([
    // eTax ("thuế điện tử") is a channel.
    ['quyết toán thuế làm trên etax được không', ['online']],
    ['quyết toán thuế khai qua thuế điện tử được không', ['online']],
    // Online "or must I go to the office": the office is the other side of the channel question, not a where.
    ['nộp qua mạng được không hay phải lên sở?', ['online']],
    ['khai trên mạng dc k hay phải lên tỉnh', ['online']],
    // Without a channel before it, the office offered is the question.
    ['nộp ở xã được không hay phải lên sở?', ['where']],
    ['làm ở công an tỉnh được không hay phải ra tận Hà Nội', ['where']],
    ['ra xã nộp hay làm online được', ['online']],
    // "mất đồng nào", "hết mấy đồng": what it costs; "hợp đồng nào" is no money.
    ['đăng ký tàu cá có mất đồng nào không', ['fees']],
    ['làm giấy này hết mấy đồng vậy', ['fees']],
    ['hợp đồng nào thì phải công chứng', []],
    // A file sent electronically is sent online.
    ['gửi hồ sơ điện tử được không', ['online']],
    // A ready-made form of a slip, a notice or a document asks for the form; "từ Việt Nam" is a place.
    ['có mẫu phiếu sẵn không hay mình tự viết', ['forms']],
    ['co mau thong bao nao ko a', ['forms']],
    ['gửi tiền từ Việt Nam sang Úc', []],
    // Whether a paper must be handed in or brought asks for the papers; bringing the vehicle itself does not.
    ['có phải nộp bản chính sổ đỏ không', ['documents']],
    ['có phải mang giấy đăng ký kết hôn theo không', ['documents']],
    ['có phải mang xe ra trạm đăng kiểm không', ['requirements']],
    // "mẫu gì" asks for the form; "màu gì" (a colour) asks nothing of the kind.
    ['báo thay đổi thì dùng mẫu gì', ['forms']],
    ['mau gi vay', ['forms']],
    ['biển số xe kinh doanh màu gì', []],
  ])('the cues of "%s" ask %j', (text, asked) => {
    const cues = AskCues.load();
    expect(cues.asks(cues.questionTokens(prepare(text)))).toEqual(asked);
  });

  it('a question word typed with a tone it never has is another word: "đấu thầu" is no "đâu"', () => {
    expect(nlu.understand('công ty cần giấy xác nhận nộp thuế để đi đấu thầu').asks).not.toContain('where');
    expect(nlu.understand('công ty cần giấy xác nhận nộp thuế thì đi đâu xin').asks).toContain('where');
    expect(nlu.understand('giay xac nhan nop thue thi di dau xin').asks).toContain('where');
  });

  it('a question word typed with another mark is another word: "thẻ" is no "thế"', () => {
    expect(nlu.understand('đổi thẻ nào cũng mất phí hả').intent).toBe('fees');
    expect(nlu.understand('làm thế nào').intent).toBe('overview');
    // "hay bố tôi" offers a father, not a ministry ("lên sở hay bộ"); "bổ sung" stays a word of its own cues.
    expect(nlu.understand('có cần người làm chứng ko hay bố tôi tự đi là được').asks).not.toContain('where');
    expect(nlu.understand('nộp ở sở hay bộ').asks).toContain('where');
    expect(nlu.understand('phải nộp bổ sung những gì').asks).toContain('documents');
  });

  it('where to hand a file in is told apart from where a filed one has got to', () => {
    expect(nlu.understand('thế hồ sơ gửi đâu hả bạn').submitWhere).toBe(true);
    expect(nlu.understand('hồ sơ nộp ở công an hay ở sở vậy').submitWhere).toBe(true);
    expect(nlu.understand('hồ sơ của tôi đang ở đâu rồi').submitWhere).toBe(false);
    expect(nlu.understand('hồ sơ nộp tuần trước giờ đến đâu rồi').submitWhere).toBe(false);
  });

  it('an age asks who may, the cost of a service its fee: read surely, not guessed', () => {
    for (const [text, intent] of [
      ['mấy tuổi thì được làm căn cước', 'requirements'],
      ['làm căn cước cho con có tốn tiền không', 'fees'],
    ]) {
      const u = nlu.understand(text);
      expect(u.intent, text).toBe(intent);
      expect(u.confidence, text).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('how long a paper stays valid ("có giá trị bao lâu") asks its terms, not how long it takes', () => {
    expect(nlu.understand('giấy xác nhận tình trạng hôn nhân có giá trị bao lâu').asks).toEqual(['requirements']);
    expect(nlu.understand('phiếu lý lịch tư pháp có hiệu lực trong bao lâu').asks).toEqual(['requirements']);
    expect(nlu.understand('làm phiếu lý lịch tư pháp mất bao lâu').asks).toEqual(['duration']);
  });

  it('who hands the file in ("công ty nộp hay tôi tự nộp") asks where it goes and by whom', () => {
    expect(nlu.understand('chế độ ốm đau thì đơn vị nộp giúp hay tôi tự nộp được').asks).toEqual(['where']);
  });

  it('"mang những gì" asks for the papers', () => {
    const story =
      'Tôi vừa mua lại xe máy cũ của hàng xóm, hai bên đã làm giấy mua bán ở văn phòng công chứng. Giờ muốn sang tên thì phải mang những gì ra công an xã?';
    expect(nlu.understand(story).asks).toEqual(['documents']);
    expect(nlu.understand(story).intent).toBe('documents');
  });

  it('"phí gì", "những khoản phí nào" ask the fee, inside a "có phải … không" too', () => {
    expect(nlu.understand('sang tên xe có phải đóng thuế phí gì không').asks).toEqual(['fees']);
    expect(nlu.understand('đăng ký hộ kinh doanh mất những khoản phí nào').asks).toEqual(['fees']);
  });

  it('a form named before where to hand it in ("tờ khai này nộp ở đâu") asks where; where to get one asks for the form', () => {
    expect(nlu.understand('khai thuế xong thì tờ khai này nộp ở đâu').intent).toBe('where');
    expect(nlu.understand('xin mẫu tờ khai ở đâu').intent).toBe('forms');
  });

  it('"có mẫu sẵn không", "tự viết được không" ask for the form', () => {
    expect(nlu.understand('đơn xin này có mẫu sẵn không hay tôi tự viết').asks).toEqual(['forms']);
    expect(nlu.understand('bản cam kết tự viết được không').asks).toEqual(['forms']);
  });

  it('a street number or a form number is no office', () => {
    expect(nlu.understand('Tôi ở số 12 Lý Thường Kiệt, muốn đăng ký thường trú cho con').intent).not.toBe('where');
    expect(nlu.understand('mẫu số nào để đăng ký tạm trú').intent).toBe('forms');
  });

  it('a story sentence that denies ("không tự đi được") is no question of its own', () => {
    const u = nlu.understand('Vợ tôi không ký được, tôi làm khai sinh cho con thì cần giấy gì?');
    expect(u.intent).toBe('documents');
    expect(u.parts).toEqual([]);
  });

  it('the words of a procedure’s own name ask nothing ("lệ phí" in "khai lệ phí trước bạ")', () => {
    const base = catalog.get('1.001193')!;
    const registration = { ...base, code: '9.000010', name: 'Khai lệ phí trước bạ xe máy' };
    const u = Understander.fromDirectory(() => new Catalog([base, registration]).search).understand(
      'mua xe mới khai lệ phí trước bạ xe máy có làm online được không',
    );
    expect(u.named?.procedure.code).toBe('9.000010');
    expect(u.intent).toBe('online');
    // Split at its commas, the story's "xe máy" is no "mấy", and the name's "lệ phí" no fee question.
    const story = Understander.fromDirectory(() => new Catalog([base, registration]).search).understand(
      'Tuần trước mua xe máy ở đại lý, khai lệ phí trước bạ có nộp qua mạng được không?',
    );
    expect(story.parts).toEqual([]);
    expect(story.intent).toBe('online');
  });

  it('a follow-up whose other words ask nothing asks the previous question again', () => {
    expect(nlu.understand('thế còn khai tử cho người đã mất từ lâu thì sao').bareFollowUp).toBe(true);
    expect(nlu.understand('còn khai tử thì mất bao lâu').bareFollowUp).toBe(false);
  });
});
