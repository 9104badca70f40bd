import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/store.js';
import { Understander } from '../../src/nlu/index.js';
import { bundledProcedures } from '../support/catalog.js';

const catalog = new Catalog(bundledProcedures());
const nlu = Understander.fromDirectory(() => catalog.search);

describe('understanding a message', () => {
  it.each([
    ['Giấy tờ cần thiết để đổi bằng lái', 'documents', '3.000347'],
    ['dk tam tru bn tien', 'fees', '1.004194'],
    ['lam ho chieu o dau', 'where', '1.001456'],
    ['khai sinh online dc ko', 'online', '1.001193'],
    ['các bước tách thửa', 'steps', '1.012784'],
    ['mẫu tờ khai đăng ký thường trú', 'forms', '1.004222'],
    ['điều kiện đăng ký kết hôn với người nước ngoài', 'requirements', '2.000806'],
    ['xin cấp lý lịch tư pháp', 'overview', '3.000333'],
  ])('"%s" → %s about %s', (text, intent, code) => {
    const u = nlu.understand(text);
    expect(u.intent).toBe(intent);
    expect(u.named?.procedure.code).toBe(code);
  });

  it('picks the variant a qualifier points to', () => {
    expect(nlu.understand('làm căn cước cho con dưới 14 tuổi').named?.procedure.code).toBe('1.014062');
    expect(nlu.understand('đăng ký khai sinh có yếu tố nước ngoài').named?.procedure.code).toBe('2.000528');
    expect(nlu.understand('mất bằng lái thì làm sao').named?.procedure.code).toBe('3.000348');
    expect(nlu.understand('căn cước hết hạn').named?.procedure.code).toBe('1.014063');
  });

  it('finds the submission channel the person cares about', () => {
    expect(nlu.understand('nộp trực tuyến mất bao lâu').channel).toBe('online');
    expect(nlu.understand('gui qua buu dien duoc khong').channel).toBe('postal');
    expect(nlu.understand('nộp trực tiếp thì sao').channel).toBe('direct');
    expect(nlu.understand('lệ phí bao nhiêu').channel).toBeNull();
  });

  it('extracts a receipt code in any writing and asks about the dossier', () => {
    const u = nlu.understand('ho so 000.00.12.h56 - 261020 - 0031 sao roi');
    expect(u.receiptCode).toBe('000.00.12.H56-261020-0031');
    expect(u.intent).toBe('dossier_status');
    expect(nlu.understand('gọi 0912345678 giúp tôi').receiptCode).toBeNull();
  });

  it('names no procedure for small talk', () => {
    const u = nlu.understand('xin chào');
    expect(u.intent).toBe('greeting');
    expect(u.named).toBeNull();
  });

  it('offers close candidates instead of guessing when two procedures tie', () => {
    const base = catalog.get('1.001193')!;
    const one = { ...base, code: '9.000001', name: 'Đăng ký khai sinh tại nơi thứ nhất' };
    const other = { ...base, code: '9.000002', name: 'Đăng ký khai sinh tại nơi thứ hai' };
    const tied = new Catalog([one, other]);
    const u = Understander.fromDirectory(() => tied.search).understand('đăng ký khai sinh');
    expect(u.ambiguous.map((h) => h.procedure.code).sort()).toEqual(['9.000001', '9.000002']);
  });

  it('the same procedure published twice (levels, online channel) is not a choice to offer', () => {
    const record = catalog.get('1.001193')!;
    const provincial = { ...record, code: '9.000003', name: `${record.name} (thực hiện tại cấp tỉnh)`, levels: ['Cấp tỉnh'] };
    const both = new Catalog([record, provincial]);
    const u = Understander.fromDirectory(() => both.search).understand('đăng ký khai sinh');
    expect(u.named?.procedure.code).toBe('1.001193');
    expect(u.ambiguous).toEqual([]);
  });
});
