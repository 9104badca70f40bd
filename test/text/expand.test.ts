import { describe, expect, it } from 'vitest';
import { expand, fold, prepare } from '../../src/text/index.js';

describe('expand: plain shorthand', () => {
  it.each([
    ['làm cccd', 'làm căn cước công dân'],
    ['xac nhan so cmnd cu', 'xac nhan so chứng minh nhân dân cu'],
    ['đổi gplx', 'đổi giấy phép lái xe'],
    // A vehicle's papers are its registration certificate.
    ['mình bị mất giấy tờ xe máy', 'mình bị mất giấy đăng ký xe máy'],
    ['đổi bằng lái xe', 'đổi giấy phép lái xe'],
    ['doi bang lai', 'doi giấy phép lái xe'],
    ['xin lltp', 'xin lý lịch tư pháp'],
    ['đkkd hkd', 'đăng ký kinh doanh hộ kinh doanh'],
    ['dkkd', 'đăng ký kinh doanh'],
    ['bhxh một lần, bhyt', 'bảo hiểm xã hội một lần bảo hiểm y tế'],
    ['cấp lại gcn', 'cấp lại giấy chứng nhận'],
    ['Cấp đổi sổ đỏ', 'cấp đổi giấy chứng nhận quyền sử dụng đất'],
    ['so hong lan dau', 'giấy chứng nhận quyền sử dụng đất lan dau'],
    ['mst cá nhân', 'mã số thuế cá nhân'],
    ['đổi stk, 5 nld có hdld, thẻ ctv', 'đổi số tài khoản 5 người lao động có hợp đồng lao động thẻ cộng tác viên'],
    ['gp khai thác nước sắp hết hạn', 'giấy phép khai thác nước sắp hết hạn'],
    ['chở hàng bằng oto', 'chở hàng bằng ô tô'],
    ['cty e xk sầu riêng', 'công ty e xuất khẩu sầu riêng'],
    ['htx tạm ngừng, ctcp', 'hợp tác xã tạm ngừng công ty cổ phần'],
    ['xin attp va gpld', 'xin an toàn thực phẩm va giấy phép lao động'],
    ['cchn, xkld, tnld', 'chứng chỉ hành nghề xuất khẩu lao động tai nạn lao động'],
    ['sdd dung ten vk', 'giấy chứng nhận quyền sử dụng đất dung ten vợ'],
    ['tthc hs dvc', 'thủ tục hành chính hồ sơ dịch vụ công'],
    ['gplx het han doi ntn', 'giấy phép lái xe het han doi như thế nào'],
    ['hỏi j', 'hỏi gì'],
    ['can giay to gi', 'can giay to gì'],
    ['mk cx ms nộp r', 'mình cũng mới nộp rồi'],
    ['tks ad', 'cảm ơn admin'],
    ['thank you', 'cảm ơn'],
    ['đi vs mik', 'đi với mình'],
    ['phí bnh', 'phí bao nhiêu'],
    ['cho xin sdt', 'cho xin số điện thoại'],
    ['ko hok hông kg khg', 'không không không không không'],
    ['dc đc', 'được được'],
  ])('%s → %s', (typed, expected) => {
    expect(expand(typed)).toBe(expected);
  });

  it('reads hộ khẩu as thường trú while keeping the phrases that contain it sensible', () => {
    expect(expand('nhập hộ khẩu cho con')).toBe('đăng ký thường trú cho con');
    expect(expand('nhap ho khau')).toBe('đăng ký thường trú');
    expect(expand('đăng ký hộ khẩu')).toBe('đăng ký thường trú');
    expect(expand('tach ho khau')).toBe('tách hộ');
    expect(expand('tách hộ khẩu ra riêng')).toBe('tách hộ ra riêng');
    expect(expand('hộ khẩu thường trú')).toBe('thường trú');
    expect(expand('xóa hộ khẩu')).toBe('xóa đăng ký thường trú');
  });

  it('does not read "so do" inside "ho so do …" as sổ đỏ', () => {
    expect(expand('ho so do ubnd cap')).toBe('hồ sơ do ủy ban nhân dân cap');
    expect(expand('so do het han')).toBe('giấy chứng nhận quyền sử dụng đất het han');
  });

  it('expands only whole words', () => {
    expect(expand('giấy tờ gì')).toBe('giấy tờ gì');
    expect(expand('hsbc jaja')).toBe('hsbc jaja');
  });
});

describe('expand: bn = bạn / bao nhiêu', () => {
  it.each([
    ['dk tam tru bn tien', 'đăng ký tam tru bao nhiêu tien'],
    ['đăng ký tạm trú bn tiền', 'đăng ký tạm trú bao nhiêu tiền'],
    ['làm hộ chiếu bn ngày', 'làm hộ chiếu bao nhiêu ngày'],
    ['mất bn lâu', 'mất bao nhiêu lâu'],
    ['lệ phí bn', 'lệ phí bao nhiêu'],
    ['le phi la bn a', 'le phi la bao nhiêu a'],
    ['làm căn cước mất bn', 'làm căn cước mất bao nhiêu'],
    // "khoảng bn", "tầm bn": an amount, however far the fee was named.
    ['phi do dac tach thua khoang bn', 'phi do dac tach thua khoang bao nhiêu'],
    ['làm căn cước tầm bn', 'làm căn cước tầm bao nhiêu'],
    ['bn ơi cho mình hỏi', 'bạn ơi cho mình hỏi'],
    ['cảm ơn bn', 'cảm ơn bạn'],
    ['bn giúp mình với', 'bạn giúp mình với'],
    ['bn có biết phí không', 'bạn có biết phí không'],
  ])('%s → %s', (typed, expected) => {
    expect(expand(typed)).toBe(expected);
  });
});

describe('expand: dk/đk = đăng ký / điều kiện / được', () => {
  it.each([
    ['dk tam tru', 'đăng ký tam tru'],
    ['đk kết hôn với người nước ngoài', 'đăng ký kết hôn với người nước ngoài'],
    ['muốn đk xe máy', 'muốn đăng ký xe máy'],
    ['dk hkd', 'đăng ký hộ kinh doanh'],
    ['dk', 'đăng ký'],
    ['dk ở đâu', 'đăng ký ở đâu'],
    ['dk gì', 'điều kiện gì'],
    ['đk để nhập hộ khẩu', 'điều kiện để đăng ký thường trú'],
    ['những dk cần có', 'những điều kiện cần có'],
    ['đủ đk chưa', 'đủ điều kiện chưa'],
    ['có đủ dk không', 'có đủ điều kiện không'],
    ['làm online dk ko', 'làm online được không'],
    ['nộp đk không', 'nộp được không'],
    ['ko dk', 'không được'],
    ['lam dk k', 'lam được không'],
  ])('%s → %s', (typed, expected) => {
    expect(expand(typed)).toBe(expected);
  });
});

describe('expand: k = không / nghìn, and other number units', () => {
  it.each([
    ['phí 50k', 'phí 50 nghìn'],
    ['phí 50 k', 'phí 50 nghìn'],
    ['k biết', 'không biết'],
    ['có mất phí k', 'có mất phí không'],
    ['hết 2tr', 'hết 2 triệu'],
    ['tr', 'tr'],
  ])('%s → %s', (typed, expected) => {
    expect(expand(typed)).toBe(expected);
  });
});

describe('expand: sentence-final z/v', () => {
  it.each([
    ['sao v', 'sao vậy'],
    ['sao z ạ', 'sao vậy ạ'],
    ['v là xong', 'v là xong'],
  ])('%s → %s', (typed, expected) => {
    expect(expand(typed)).toBe(expected);
  });
});

describe('expand works alike with and without diacritics', () => {
  it.each([
    ['cho minh hoi lam cccd can j', 'cho mình hỏi làm cccd cần j'],
    ['dk tam tru bn tien', 'đk tạm trú bn tiền'],
    ['doi bang lai het bnh', 'đổi bằng lái hết bnh'],
    ['nhap ho khau dk gi', 'nhập hộ khẩu đk gì'],
  ])('%s ~ %s', (plain, marked) => {
    expect(fold(expand(plain))).toBe(fold(expand(marked)));
  });

  it('gives the folded tokens the search index expects', () => {
    expect(prepare('cho minh hoi lam cccd can j').folded).toBe('cho minh hoi lam can cuoc cong dan can gi');
    expect(prepare('dk tam tru bn tien').folded).toBe('dang ky tam tru bao nhieu tien');
    expect(prepare('ddawng kys khai sinh').folded).toBe('dang ky khai sinh');
  });
});

describe('expand: "mất" after a relative is a death, not a loss', () => {
  it.each([
    ['bố tôi mất năm ngoái', 'bo toi chet nam ngoai'],
    ['ba em mat roi', 'ba em chet roi'],
    ['ông ngoại mất đột ngột', 'ong ngoai chet dot ngot'],
    ['mẹ mất không để lại di chúc', 'me chet khong de lai di chuc'],
    // A full stop ends the sentence: the next one is no neighbour of "mất".
    ['Tuần trước ba bị đột quỵ mất. Mẹ em 58 tuổi', 'tuan truoc ba bi dot quy chet me em 58 tuoi'],
  ])('"%s" → %s', (text, folded) => {
    expect(prepare(text).folded).toBe(folded);
  });

  it.each(['vợ tôi bị mất thẻ rồi', 'bố tôi mất giấy khai sinh năm ngoái', 'khai tử cho bố mất bao lâu', 'mất ví rồi', 'con tôi làm mất hộ chiếu'])(
    'keeps "%s" a loss or a cost',
    (text) => {
      expect(prepare(text).tokens).toContain('mat');
      expect(prepare(text).tokens).not.toContain('chet');
    },
  );
});

describe('expand: "con" of animals raised is no child', () => {
  // "nuôi 50 con gà" read as "nuôi … con" went to adoption.
  it.each([
    ['nhà tôi nuôi 50 con gà', 'nha toi nuoi 50 dong vat ga'],
    ['trại nuôi mấy trăm con heo', 'trai nuoi may tram dong vat heo'],
    ['nuoi 200 con heo', 'nuoi 200 dong vat heo'],
  ])('"%s" → %s', (text, folded) => {
    expect(prepare(text).folded).toBe(folded);
  });

  // Compared as typed: "bỏ", "để", "lớn" fold to the same letters as "bò", "dê", "lợn".
  it.each(['nuôi 2 con bỏ học', 'nuôi ba con lớn rồi', 'nuôi 2 con để đi học', 'mang theo con chó cưng', 'nuôi 2 con nhỏ'])(
    'keeps "%s" a child',
    (text) => {
      expect(prepare(text).tokens).toContain('con');
    },
  );
});
