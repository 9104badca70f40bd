import { describe, expect, it } from 'vitest';
import { MAX_BUTTONS, MAX_MESSAGE_LENGTH, toZaloMessages } from '../../src/channels/zalo/format.js';

describe('toZaloMessages', () => {
  it('keeps a short reply whole, without buttons when there are no suggestions', () => {
    expect(toZaloMessages({ text: 'Xin chào' })).toEqual([{ text: 'Xin chào' }]);
    expect(toZaloMessages({ text: 'Xin chào', suggestions: [' ', ''] })).toEqual([{ text: 'Xin chào' }]);
  });

  it('offers at most five suggestions as query buttons whose payload is the whole text', () => {
    const long = `Làm lại giấy khai sinh vì ${'mất bản chính '.repeat(12)}`.trim();
    const suggestions = [long, 'Hai', 'Ba', 'Bốn', 'Năm', 'Sáu', 'Bảy'];
    const [message] = toZaloMessages({ text: 'Câu trả lời', suggestions });
    const buttons = message.attachment!.payload.buttons;
    expect(buttons).toHaveLength(MAX_BUTTONS);
    expect(buttons.every((b) => b.type === 'oa.query.show')).toBe(true);
    expect(buttons.map((b) => b.payload)).toEqual(suggestions.slice(0, MAX_BUTTONS));
    expect(buttons[0].title.length).toBeLessThan(long.length);
    expect(long.startsWith(buttons[0].title)).toBe(true);
  });

  it('splits on line boundaries within the limit, text in NFC, buttons under the last part only', () => {
    const line = 'Cán bộ kiểm tra thành phần hồ sơ và hẹn ngày trả kết quả.';
    const text = Array.from({ length: 100 }, (_, i) => `${i + 1}. ${line}`).join('\n');
    const parts = toZaloMessages({ text: text.normalize('NFD'), suggestions: ['Xem thêm'] });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(part.text).toBe(part.text.normalize('NFC'));
    }
    expect(parts.map((p) => p.text).join('\n')).toBe(text);
    expect(parts.filter((p) => p.attachment).length).toBe(1);
    expect(parts.at(-1)!.attachment!.payload.buttons[0].payload).toBe('Xem thêm');
  });
});
