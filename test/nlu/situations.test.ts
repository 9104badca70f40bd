import { describe, expect, it } from 'vitest';
import { Situations } from '../../src/nlu/situations.js';
import { prepare } from '../../src/text/index.js';

const situations = Situations.load();
const event = (text: string) => situations.lifeEvent(prepare(text).tokens)?.id ?? null;
const referral = (text: string) => situations.referral(prepare(text).tokens)?.id ?? null;
const list = (text: string) => situations.asksForList(prepare(text).tokens);

describe('life events told without naming a procedure', () => {
  it.each([
    ['con gái tôi sắp đi xuất khẩu lao động bên Hàn', 'work_abroad'],
    ['nhà em ngập lụt, giấy tờ ướt hết', 'papers_destroyed'],
    ['tháng sau mình cưới', 'wedding'],
    ['em vừa bị công ty cho nghỉ việc', 'job_loss'],
    ['ba tôi mất tuần trước', 'death'],
    ['mới mua được nhà ở quận 8', 'land_purchase'],
  ])('"%s" → %s', (text, id) => {
    expect(event(text)).toBe(id);
  });

  it('"cuối năm" is not a wedding, and a lost wallet is not a death', () => {
    expect(event('cuối năm quyết toán thuế cho công ty')).toBeNull();
    expect(event('vừa mất ví hôm qua')).toBe('lost_papers');
  });

  it('asking for everything to do is a list, asking for one file is not', () => {
    expect(list('giờ phải lo những thủ tục gì')).toBe(true);
    expect(list('làm lại từ đâu bây giờ')).toBe(true);
    expect(list('đăng ký khai tử cần những giấy tờ gì')).toBe(false);
  });
});

describe('questions outside the catalog get their own door', () => {
  it.each([
    ['lãi suất ngân hàng bây giờ thế nào', 'bank_loan'],
    ['tiền điện tháng này cao bất thường', 'utilities'],
    ['đi Nhật du lịch xin visa du lịch cần gì', 'foreign_visa'],
    ['hãng bảo hiểm nhân thọ không trả tiền cho tôi', 'private_insurance'],
    ['các anh em tranh chấp thừa kế mảnh vườn', 'inheritance_dispute'],
  ])('"%s" → %s', (text, id) => {
    expect(referral(text)).toBe(id);
  });
});
