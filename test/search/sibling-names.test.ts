import { describe, expect, it } from 'vitest';
import { firstAmong } from '../support/catalog.js';

/**
 * The everyday names and vocabulary of `intents/` tell look-alike records apart by the situation a
 * citizen tells, not by the words siblings share. Each group holds the official names of real
 * siblings (national codes); the questions are our own.
 */
const groups: Record<string, Array<[string, string]>> = {
  birth: [
    ['1.001193', 'Thủ tục đăng ký khai sinh'],
    ['1.004772', 'Thủ tục đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân'],
    ['1.000689', 'Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con'],
    ['1.001022', 'Thủ tục đăng ký nhận cha, mẹ, con'],
    ['1.004884', 'Thủ tục đăng ký lại khai sinh'],
  ],
  wrongData: [
    ['1.004859', 'Thủ tục thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc'],
    ['1.010039', 'Điều chỉnh thông tin về cư trú trong Cơ sở dữ liệu về cư trú'],
    ['1.012564', 'Điều chỉnh thông tin trong Cơ sở dữ liệu quốc gia về dân cư theo đề nghị của công dân (thực hiện tại cấp xã)'],
  ],
  vehicle: [
    ['1.013080', 'Cấp lại chứng nhận đăng ký xe, biển số xe thực hiện bằng dịch vụ công trực tuyến toàn trình'],
    ['1.013065', 'Thu hồi chứng nhận đăng ký xe, biển số xe thực hiện bằng dịch vụ công toàn trình'],
    ['1.013067', 'Đăng ký, cấp biển số xe lần đầu thực hiện bằng dịch vụ công một phần hoặc trực tiếp'],
    ['1.013082', 'Cấp lại chứng nhận đăng ký xe, biển số xe thực hiện bằng dịch vụ công trực tuyến một phần hoặc trực tiếp'],
    ['1.013123', 'Thu hồi giấy chứng nhận đăng ký, biển số xe thực hiện bằng dịch vụ công trực tuyến một phần hoặc trực tiếp'],
    ['1.013079', 'Đổi chứng nhận đăng ký xe, biển số xe bằng dịch vụ công trực tuyến một phần hoặc trực tiếp'],
  ],
  licence: [
    ['3.000347', 'Đổi giấy phép lái xe'],
    ['3.000349', 'Đổi giấy phép lái xe quân sự do Bộ Quốc phòng cấp'],
    ['3.000350', 'Đổi giấy phép lái xe Công an nhân dân'],
    ['3.000351', 'Đổi giấy phép lái xe hoặc bằng lái xe của người nước ngoài'],
    ['3.000346', 'Cấp giấy phép lái xe'],
    ['3.000348', 'Cấp lại giấy phép lái xe'],
    ['3.000353', 'Cấp giấy phép lái xe quốc tế'],
  ],
};

describe('everyday names and vocabulary tell siblings apart by the situation', () => {
  const topIn = (group: keyof typeof groups) => firstAmong(groups[group]);

  it('an adult with identity papers but no birth registration, and a birth that records the unmarried father', () => {
    const top = topIn('birth');
    expect(top('chú tôi năm mươi tuổi, có chứng minh nhân dân nhưng chưa từng đăng ký khai sinh')).toBe('1.004772');
    expect(top('hai vợ chồng chưa đăng ký kết hôn, làm khai sinh cho con ghi tên cha được không')).toBe('1.000689');
    expect(top('con tôi đã có giấy khai sinh chỉ có tên mẹ, nay bố muốn nhận con')).toBe('1.001022');
    expect(top('đăng ký khai sinh cho con mới sinh ở bệnh viện')).toBe('1.001193');
  });

  it('wrong data in the residence database, the population database or the civil-status record', () => {
    const top = topIn('wrongData');
    expect(top('số nhà nơi thường trú trên hệ thống cư trú bị ghi sai, sửa ở đâu')).toBe('1.010039');
    expect(top('dân tộc của tôi trong cơ sở dữ liệu dân cư bị ghi sai, muốn điều chỉnh')).toBe('1.012564');
    expect(top('giấy khai sinh của con ghi sai ngày sinh, muốn cải chính')).toBe('1.004859');
  });

  it('a vehicle that burned or is past its service life is deregistered; a lost or faded paper is reissued or replaced', () => {
    const top = topIn('vehicle');
    const deregistration = ['1.013065', '1.013123'];
    expect(deregistration).toContain(top('xe máy bị cháy rụi, làm thu hồi đăng ký biển số ở đâu'));
    expect(deregistration).toContain(top('ô tô đã hết niên hạn sử dụng, phải nộp lại biển số'));
    expect(['1.013080', '1.013082']).toContain(top('làm mất cà vẹt xe máy, xin cấp lại'));
    expect(top('cà vẹt bị mờ chữ, muốn đổi cái mới')).toBe('1.013079');
  });

  it('a military, police or foreign driving licence is exchanged by its own procedure', () => {
    const top = topIn('licence');
    expect(top('đổi bằng lái xe do quân đội cấp sang bằng thường')).toBe('3.000349');
    expect(top('có bằng lái Nhật Bản, đổi sang giấy phép lái xe Việt Nam')).toBe('3.000351');
    expect(top('bằng lái xe ô tô sắp hết hạn, đổi bằng mới')).toBe('3.000347');
  });
});
