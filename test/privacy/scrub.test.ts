import { describe, expect, it } from 'vitest';
import { maskName, scrubPersonalData as scrub } from '../../src/privacy/index.js';
import { bundledProcedures } from '../support/catalog.js';

describe('the personal-data scrubber', () => {
  it.each([
    ['a mobile number', 'Lệ phí - Nguyễn Văn An 0912345678', '0912345678'],
    ['a spaced mobile', 'gọi 0912 345 678 để hẹn', '345 678'],
    ['a dotted mobile', 'gọi 0912.345.678', '345.678'],
    ['a dashed mobile', 'ĐT 0912-345-678', '345-678'],
    ['+84', 'ĐT: +84 912 345 678', '912 345 678'],
    ['84 with brackets', 'ĐT: (+84) 912345678', '912345678'],
    ['a landline with area code', 'Liên hệ (028) 3822 1234 giờ hành chính', '3822 1234'],
    ['a landline', 'UBND xã Tân An (ĐT 0243.123.4567)', '123.4567'],
    ['an e-mail', 'gửi về canbo.tuphap@tanan.gov.vn', 'tanan.gov.vn'],
    ['a CCCD', 'CCCD số 001203004567', '001203004567'],
    ['a spaced CCCD', 'căn cước 001 203 004 567', '004 567'],
    ['a CMND', 'CMND 123456789 cấp ngày 1/1/2010', '123456789'],
    ['a passport', 'hộ chiếu C1234567', 'C1234567'],
    ['a labelled tax code', 'MST: 0101234', '0101234'],
    ['another dossier code', 'gộp với hồ sơ 000.00.12.H56-261020-0099', '0099'],
    ['an address', 'Địa chỉ: Số 5, đường Thử Nghiệm, xã Tân An; hạn nộp 20/10', 'Thử Nghiệm'],
  ])('masks %s', (_name, text, secret) => {
    const out = scrub(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('***');
  });

  it('masks the number only, not the words after it', () => {
    expect(scrub('CMND 123456789 cấp ngày 1/1/2010')).toBe('CMND *** cấp ngày 1/1/2010');
    expect(scrub('Lệ phí - Nguyễn Văn An 0912345678')).toBe('Lệ phí - Nguyễn V. A. ***');
  });

  it.each([
    ['Ông Nguyễn Văn Bình ký thay', 'Nguyễn V. B.', 'Văn Bình'],
    ['nộp thay cho bà Trần Thị Cúc', 'Trần T. C.', 'Thị Cúc'],
    ['Người nộp: Lê Hoàng Dũng', 'Lê H. D.', 'Hoàng Dũng'],
    ['người nhận kết quả - Phạm Minh Em', 'Phạm M. E.', 'Minh Em'],
    ['cán bộ thụ lý: Đỗ Thu Hà, số máy lẻ 12', 'Đỗ T. H.', 'Thu Hà'],
    ['Bản sao trích lục cho con Vũ Gia Huy', 'Vũ G. H.', 'Gia Huy'],
    ['Lệ phí khai sinh Hoàng Văn Khải', 'Hoàng V. K.', 'Văn Khải'],
    ['liên hệ anh Tuấn để bổ sung', 'T.', 'Tuấn'],
  ])('masks the name in "%s"', (text, masked, gone) => {
    const out = scrub(text);
    expect(out).toContain(masked);
    expect(out).not.toContain(gone);
  });

  it('masks the applicant however the text writes the name, like the applicant', () => {
    const out = scrub('Phí cấp bản sao cho NGUYỄN VĂN AN và nguyễn văn an', { names: ['Nguyễn Văn An'] });
    expect(out).toBe('Phí cấp bản sao cho Nguyễn V. A. và Nguyễn V. A.');
    expect(maskName('Nguyễn Văn An')).toBe('Nguyễn V. A.');
  });

  it('masks the exact values of private fields', () => {
    expect(scrub('gửi về Số 5 đường Thử Nghiệm', { secrets: ['Số 5 đường Thử Nghiệm'] })).toBe('gửi về ***');
  });

  it('keeps the code asked about', () => {
    const code = '000.00.12.H56-261020-0031';
    expect(scrub(`Hồ sơ ${code} cần bổ sung`, { keepCodes: [code] })).toBe(`Hồ sơ ${code} cần bổ sung`);
  });

  it.each([
    'Lệ phí đăng ký khai sinh',
    'UBND xã Bà Điểm, TP. Hồ Chí Minh',
    'UBND tỉnh Bà Rịa - Vũng Tàu',
    'Sở Tư pháp Hà Nội',
    'Bà Rịa - Vũng Tàu',
    'UBND phường Nguyễn Trãi, quận Hà Đông',
    'Đường Lê Lợi',
    'Cán bộ Tư pháp - hộ tịch xã Tân An',
    'Lệ phí 100.000.000 đồng, nộp trước 15/10/2026',
    'Phí thẩm định: 1.500.000 đ',
    'Thủ tục đăng ký khai sinh',
    'Bản sao Giấy khai sinh; Sổ hộ khẩu',
    'Chứng chỉ tiếng Anh B1',
    'Cấp thẻ thường trú cho người nước ngoài tại Việt Nam (thực hiện tại cấp tỉnh)',
    'Giải quyết việc người nước ngoài thường trú ở Việt Nam nhận trẻ em Việt Nam làm con nuôi',
    'Văn bản đề nghị cấp thẻ tạm trú: mẫu NA6',
    'b. Bản tóm tắt các quyền lợi bảo hiểm',
    'Thông báo theo mẫu tại địa chỉ: http://www.basel.int/mau.pdf',
    'đoàn viên Đoàn Thanh niên Cộng sản Hồ Chí Minh',
    'Chứng khoán Châu Âu',
  ])('leaves "%s" as it is', (text) => {
    expect(scrub(text)).toBe(text);
  });

  it('leaves the official wording of the bundled catalog alone (names, documents, requirements, agencies)', () => {
    const texts = bundledProcedures().flatMap((p) => [
      p.name,
      p.requirements ?? '',
      ...p.documents.flatMap((c) => c.items.map((i) => i.name)),
      ...Object.values(p.agencies ?? {}).filter((a): a is string => typeof a === 'string'),
    ]);
    const changed = texts.filter((t) => scrub(t) !== t.normalize('NFC').replace(/\s+/g, ' ').trim());
    expect(texts.length).toBeGreaterThan(300);
    expect(changed).toEqual([]);
  });
});
