import { describe, expect, it } from 'vitest';
import { Situations } from '../../src/nlu/situations.js';
import { prepare } from '../../src/text/index.js';

const situations = Situations.load();
const event = (text: string) => situations.lifeEvent(prepare(text))?.id ?? null;
const referral = (text: string) => situations.referral(prepare(text).tokens)?.id ?? null;
const list = (text: string) => situations.listAskEnd(prepare(text).tokens) !== null;

describe('life events told without naming a procedure', () => {
  it.each([
    ['con gái tôi sắp đi xuất khẩu lao động bên Hàn', 'work_abroad'],
    ['ông bà được con bảo lãnh sang Úc định cư', 'emigration'],
    ['nhà em ngập lụt, giấy tờ ướt hết', 'papers_destroyed'],
    ['tháng sau mình cưới', 'wedding'],
    ['em vừa bị công ty cho nghỉ việc', 'job_loss'],
    ['ba tôi mất tuần trước', 'death'],
    ['mới mua được nhà ở quận 8', 'land_purchase'],
    ['gia đình tôi chuyển từ Đà Nẵng ra Hà Nội sống hẳn', 'moving_home'],
    ['bố mẹ chuyển vào ở với vợ chồng tôi', 'moving_home'],
    ['ra nước ngoài sống hẳn với con', 'emigration'],
  ])('"%s" → %s', (text, id) => {
    expect(event(text)).toBe(id);
  });

  it('"cuối năm" is not a wedding, and a lost wallet is not a death', () => {
    expect(event('cuối năm quyết toán thuế cho công ty')).toBeNull();
    // A wedding party is the setting of another request (a tent on the pavement, a drone), not the wedding's papers.
    expect(event('xin phép bay flycam quay phim đám cưới ở đâu')).toBeNull();
    expect(event('vừa mất ví hôm qua')).toBe('lost_papers');
  });

  it('dying "vì" an illness is a death, not a lost wallet ("ví"); typed without marks the wallet still reads', () => {
    expect(event('bố tôi đầu tháng ông mất vì ung thư, gia đình cần làm gì')).toBe('death');
    expect(event('ông tôi mất vì tai biến hôm qua')).toBe('death');
    expect(event('vua mat vi o cho')).toBe('lost_papers');
  });

  it('asking for everything to do is a list, asking for one file is not', () => {
    expect(list('giờ phải lo những thủ tục gì')).toBe(true);
    expect(list('làm lại từ đâu bây giờ')).toBe(true);
    expect(list('mở tiệm bánh mì thì cần đăng ký những gì')).toBe(true);
    expect(list('đăng ký khai tử cần những giấy tờ gì')).toBe(false);
  });
});

describe('filler words between the words of a trigger', () => {
  it.each([
    ['mình định mở một quán ăn nhỏ', 'small_shop'],
    ['bọn mình muốn mở 1 cái quán cf', 'small_shop'],
    ['nhà mới mua 1 mảnh đất ở quê', 'land_purchase'],
    ['mua lại 1 chiếc xe cũ', 'vehicle_purchase'],
    ['ông nội mình mới mất', 'death'],
    ['ong noi minh mat nam ngoai', 'death'],
    ['bo e mat hom kia', 'death'],
    ['nhà có người mới mất', 'death'],
    ['bị mất cái ví hôm qua', 'lost_papers'],
    ['vợ em đã sinh được 1 bé trai', 'birth'],
  ])('"%s" → %s', (text, id) => {
    expect(event(text)).toBe(id);
  });

  it('a content word between them is never skipped', () => {
    // "làm" is a verb: the father lost papers, he did not die.
    expect(event('bố tôi làm mất giấy tờ')).toBe('lost_papers');
    expect(event('mở rộng quán')).toBeNull();
    expect(event('mua bảo hiểm cho xe')).toBeNull();
  });

  it('"mất" followed by what was lost or what it costs is no death', () => {
    expect(event('bố tôi mất giấy tờ rồi')).toBe('lost_papers');
    expect(event('bố mình mất việc rồi')).toBe('job_loss');
    expect(event('làm căn cước cho bố mình mất bao lâu')).toBeNull();
    expect(event('cấp lại hộ chiếu cho mẹ tôi mất phí không')).toBeNull();
    expect(event('bà con mất điện cả tuần')).toBeNull();
    expect(event('ong noi minh mat tich 5 nam roi')).toBeNull();
    expect(event('bố mất, sống với mẹ từ nhỏ')).toBe('death');
    expect(event('bố tôi mất mật khẩu VNeID')).toBeNull();
    // Fillers between the trigger and what was lost do not hide it.
    expect(event('bố tôi mất cái ví hôm qua')).not.toBe('death');
    expect(event('ông mình mất chiếc xe máy')).not.toBe('death');
    // "con" says who: never skipped as a filler.
    expect(event('mẹ con mất liên lạc với bố')).toBeNull();
  });

  // The catalog has no record for claiming a pension (only for commune officials): retiring alone gets no list that would miss it.
  it('retiring without moving is no life event', () => {
    expect(event('sắp nghỉ hưu thì làm lương hưu thế nào')).toBeNull();
  });

  it('at most a few fillers in a row', () => {
    expect(event('mở tôi mình em anh quán')).toBeNull();
  });
});

describe('business, farming and fishing situations', () => {
  it.each([
    ['mở công ty thì phải làm những thủ tục gì từ đầu', 'company_start'],
    ['muon thanh lap cty tnhh', 'company_start'],
    ['giải thể công ty cần làm gì', 'company_close'],
    ['cty minh lam an thua lo muon dong cua cong ty', 'company_close'],
    ['tôi muốn dẹp quán, nghỉ bán', 'shop_close'],
    ['nhà em nuôi tôm thẻ chân trắng', 'aquaculture'],
    ['mở ao nuôi cá cần những giấy phép gì', 'aquaculture'],
    ['nuôi cá lồng trên sông', 'aquaculture'],
    ['mở trang trại chăn nuôi heo', 'livestock_farm'],
    ['định nuôi gà thả vườn 2000 con', 'livestock_farm'],
    ['mua tàu cá cũ cần giấy tờ gì', 'fishing_boat'],
    ['đóng mới tàu cá để đi biển', 'fishing_boat'],
    ['sắp nghỉ hưu rồi về quê sống với con', 'retirement'],
    ['mình nghỉ hưu rồi chuyển về Đà Lạt', 'retirement'],
    ['mở nhà nghỉ cần giấy gì', 'conditional_business'],
    ['kinh doanh ngành nghề có điều kiện', 'conditional_business'],
    ['mở sạp bán hải sản ở chợ', 'small_shop'],
    ['mình định mở sạp bán thịt heo ở chợ', 'small_shop'],
  ])('"%s" → %s', (text, id) => {
    expect(event(text)).toBe(id);
  });
});

describe('words that only look like a business or farming trigger', () => {
  it.each([
    'xin lý lịch tư pháp bản cá nhân',
    'con nuôi của tôi chưa có khai sinh',
    'một mình tôi nuôi cả gia đình',
    'nuôi lớn các con',
    'nuôi bố mẹ già có được giảm trừ không',
    // Selling is no event; starting to sell is ("mở sạp").
    'bán hải sản ở chợ có cần giấy an toàn thực phẩm không',
  ])('"%s" is no life event', (text) => {
    expect(event(text)).toBeNull();
  });
});

describe('asking for everything to do', () => {
  it.each([
    'nuôi tôm cần những giấy phép gì',
    'mo quan an can xin nhung giay phep gi',
    'mua tàu cá thì phải làm những giấy tờ gì',
    'mở công ty từ đầu đến cuối làm sao',
    'bố mất rồi giờ cần làm những gì',
    'cần xin những giấy phép gì để mở quán karaoke',
  ])('"%s"', (text) => {
    expect(list(text)).toBe(true);
  });

  // "làm thủ tục gì", "xin giấy phép gì", "phải làm gì" (no "những") ask which one procedure fits a story; "cần" is no filler.
  it.each([
    'mới cưới, giờ muốn con mang tên cha trong giấy khai sinh thì phải làm gì',
    'mở quán ăn thì tải mẫu tờ khai từ đâu',
    'làm giấy khai sinh cho bé cần gì',
    'đăng ký khai tử cần những giấy tờ gì',
    'các bước làm hộ chiếu',
    'mẹ tôi mất rồi, muốn chuyển chỗ nhận lương hưu của bố thì làm thủ tục gì',
    'thả lồng nuôi cá trong hồ thủy lợi thì xin giấy phép gì',
    'mat cccd roi lam lai can nhung gi',
  ])('not "%s"', (text) => {
    expect(list(text)).toBe(false);
  });
});

describe('doors for what the catalog lacks', () => {
  it('a certificate of the degree of disability is social assistance at the commune', () => {
    expect(referral('con tôi bị tự kỷ, muốn làm giấy xác nhận mức độ khuyết tật')).toBe('social_assistance');
    expect(referral('giam dinh khuyet tat cho me o dau')).toBe('social_assistance');
  });
});

describe('a door the message denies is not shown', () => {
  it('"chưa muốn kiện ra tòa" is no lawsuit, nor is any phrase inside it; a question\'s "không" two words back denies nothing', () => {
    expect(referral('tôi chưa muốn kiện ra tòa, muốn xã đứng ra hòa giải trước')).toBeNull();
    expect(referral('tôi muốn kiện ra tòa')).toBe('lawsuit');
    expect(referral('hộ kinh doanh có được vay ưu đãi không, vay ở ngân hàng nào lãi thấp')).toBe('bank_loan');
  });

  it('"đã ly hôn", "từng ly hôn" tell the past: no request to divorce', () => {
    expect(referral('tôi đã ly hôn, giờ xin giấy xác nhận tình trạng hôn nhân để cưới lại')).toBeNull();
    expect(referral('chị ấy từng ly hôn hai lần')).toBeNull();
    expect(referral('vợ chồng tôi đã quyết định ly hôn')).toBe('divorce');
  });
});

describe('words that only look like a door when typed without marks', () => {
  it.each([
    'làm ơn giúp tôi với',
    'lam on cho hoi chut',
    'bố chồng tôi ốm nặng, làm sao đây',
    'bo vo toi sang choi, muon khai bao tam tru',
    'trai heo cua toi muon ban heo ra ngoai tinh',
    'so do ghi sai nam sinh do can bo danh may nham',
    'mo da con tru luong nhung giay phep sap het han',
    'ban thuoc thu y thi xin giay chung nhan du dieu kien o dau',
  ])('"%s" opens no door', (text) => {
    expect(referral(text)).toBeNull();
  });

  it('the doors themselves still open', () => {
    expect(referral('hàng xóm hát karaoke làm ồn quá')).toBe('neighbour_nuisance');
    expect(referral('chồng bỏ vợ con đi theo người khác')).toBe('divorce');
    expect(referral('chồng tôi ngoại tình')).toBe('divorce');
    expect(referral('bố hay đánh mẹ con tôi')).toBe('domestic_violence');
    expect(referral('công ty trừ lương vô lý')).toBe('labour_dispute');
    expect(referral('muốn khởi kiện ở đâu')).toBe('lawsuit');
  });
});

describe('questions outside the catalog get their own door', () => {
  it.each([
    ['lãi suất ngân hàng bây giờ thế nào', 'bank_loan'],
    ['tiền điện tháng này cao bất thường', 'utilities'],
    // Tourism and culture licences are the culture department's, not in the catalog.
    ['em muốn thi lấy thẻ hướng dẫn viên du lịch quốc tế thì nộp hồ sơ ở đâu', 'culture_tourism'],
    ['mở quán karaoke thì xin giấy phép kinh doanh karaoke ở đâu', 'culture_tourism'],
    // A phone line locked for its owner's details is the carrier's business.
    ['sim điện thoại của mẹ mình bị khóa một chiều, làm sao mở lại', 'phone_line'],
    ['thue bao bi khoa 2 chieu do chua chuan hoa thong tin thi lam gi', 'phone_line'],
    // A tax rate is the law's, not a procedure: the tax office or customs says it.
    ['thuế suất thuế giá trị gia tăng của dịch vụ sửa xe là bao nhiêu', 'tax_rate'],
    ['tra cuu thue suat nhap khau may xuc o dau', 'tax_rate'],
    ['đi Nhật du lịch xin visa du lịch cần gì', 'foreign_visa'],
    ['hãng bảo hiểm nhân thọ không trả tiền cho tôi', 'private_insurance'],
    ['các anh em tranh chấp thừa kế mảnh vườn', 'inheritance_dispute'],
    // Services people mistake for procedures: a bank's, an insurer's, a job, and a person in danger.
    ['muon vay tien ngan hang de sua nha', 'bank_loan'],
    ['làm thẻ atm cho con ở đâu', 'bank_account'],
    ['mua bảo hiểm ô tô bắt buộc ở đâu', 'private_insurance'],
    ['ra trường rồi tìm việc ở đâu', 'job_search'],
    ['bị chồng đánh thì báo ai', 'domestic_violence'],
    ['đỗ xe sai chỗ bị phạt bao nhiêu tiền', 'penalty'],
    ['hãng bảo hiểm không chịu trả thì tôi kiện ai', 'lawsuit'],
    ['xưởng nợ lương công nhân ba tháng rồi', 'labour_dispute'],
    ['nhà bên cạnh hát karaoke đến khuya', 'neighbour_nuisance'],
    ['tối qua bị giật điện thoại ngoài đường', 'crime_report'],
    ['cho con học tiếng anh ở trung tâm nào tốt', 'recommendation'],
    ['mua căn nhà chưa có sổ thì có nên mua không', 'legal_advice'],
    // Fields the catalog does not hold.
    ['nghỉ việc rồi lãnh thất nghiệp ở đâu', 'unemployment'],
    ['gia hạn giấy phép lao động cho người nước ngoài', 'work_permit'],
    ['xin chuyển trường cho con lên thành phố', 'school'],
    ['đi làm cần giấy khám sức khỏe thì khám ở đâu', 'health_check'],
    ['xin giấy xác nhận khuyết tật cho con', 'social_assistance'],
  ])('"%s" → %s', (text, id) => {
    expect(referral(text)).toBe(id);
  });
});
