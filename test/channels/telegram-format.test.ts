import { afterEach, describe, expect, it, vi } from 'vitest';
import { FloodQueue } from '../../src/channels/flood.js';
import { splitMessage } from '../../src/channels/split.js';
import { decodeStartPayload, encodeStartPayload, escapeHtml, mentionsReceiptCode } from '../../src/channels/telegram/format.js';

describe('escapeHtml', () => {
  it('escapes what Telegram HTML parses as markup', () => {
    expect(escapeHtml('<b>Tờ khai</b> & "mẫu" \'01\'')).toBe('&lt;b&gt;Tờ khai&lt;/b&gt; &amp; "mẫu" \'01\'');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('splitMessage', () => {
  it('keeps a short text whole', () => {
    expect(splitMessage('Xin chào', 10)).toEqual(['Xin chào']);
    expect(splitMessage('', 10)).toEqual(['']);
  });

  it('cuts at the last line break that fits', () => {
    expect(splitMessage('một\nhai ba\nbốn năm', 10)).toEqual(['một\nhai ba', 'bốn năm']);
  });

  it('uses a line break exactly at the limit', () => {
    expect(splitMessage('0123456789\nabc', 10)).toEqual(['0123456789', 'abc']);
  });

  it('falls back to spaces, then to a hard cut', () => {
    expect(splitMessage('một hai ba bốn', 8)).toEqual(['một hai', 'ba bốn']);
    expect(splitMessage('abcdefghijkl', 5)).toEqual(['abcde', 'fghij', 'kl']);
  });

  it('never splits a surrogate pair', () => {
    const chunks = splitMessage('abcd😀efgh', 5);
    expect(chunks).toEqual(['abcd', '😀efg', 'h']);
  });

  it('keeps every chunk within the limit', () => {
    const text = Array.from({ length: 500 }, (_, i) => `Dòng ${i}: ${'chữ '.repeat(i % 40)}`).join('\n');
    const chunks = splitMessage(text, 4096);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(4096);
  });
});

describe('deep-link payloads and receipt codes', () => {
  it('round-trips a receipt code through the start payload alphabet', () => {
    const payload = encodeStartPayload('000.00.12.H56-261020-0031');
    expect(payload).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(decodeStartPayload(payload)).toBe('000.00.12.H56-261020-0031');
  });

  it('spots the receipt-code forms of spec §5', () => {
    for (const code of ['000.00.12.H56-261020-0031', '38.98.H29-210519-0003', 'h15.50.05.13 - 261008 - 0975']) {
      expect(mentionsReceiptCode(`tra cứu hồ sơ ${code}`)).toBe(true);
    }
    expect(mentionsReceiptCode('Lệ phí đăng ký khai sinh')).toBe(false);
  });
});

describe('FloodQueue', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function recorder() {
    const started: string[] = [];
    const job = (name: string) => () => {
      started.push(name);
      return Promise.resolve(name);
    };
    return { started, job };
  }

  it('spaces messages to one chat a second apart, in order', async () => {
    vi.useFakeTimers();
    const queue = new FloodQueue({ perChatIntervalMs: 1000, globalPerSecond: 30, maxQueued: 100 });
    const { started, job } = recorder();
    const done = Promise.all([queue.enqueue('a', job('a1')), queue.enqueue('a', job('a2')), queue.enqueue('b', job('b1'))]);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['a1', 'b1']);
    await vi.advanceTimersByTimeAsync(999);
    expect(started).toEqual(['a1', 'b1']);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual(['a1', 'b1', 'a2']);
    await expect(done).resolves.toEqual(['a1', 'a2', 'b1']);
  });

  it('caps messages per second across chats', async () => {
    vi.useFakeTimers();
    const queue = new FloodQueue({ perChatIntervalMs: 1000, globalPerSecond: 2, maxQueued: 100 });
    const { started, job } = recorder();
    const done = Promise.all(['a', 'b', 'c'].map((chat) => queue.enqueue(chat, job(chat))));
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toEqual(['a', 'b', 'c']);
    await done;
  });

  it('refuses work beyond its bound and after stop, and passes failures on', async () => {
    const queue = new FloodQueue({ perChatIntervalMs: 1000, globalPerSecond: 30, maxQueued: 1 });
    await expect(queue.enqueue('a', () => Promise.reject(new Error('403 blocked')))).rejects.toThrow('403 blocked');
    const waiting = queue.enqueue('a', () => Promise.resolve(1));
    await expect(queue.enqueue('a', () => Promise.resolve(2))).rejects.toThrow('flood queue full');
    queue.stop();
    await expect(waiting).rejects.toThrow('flood queue stopped');
    await expect(queue.enqueue('b', () => Promise.resolve(3))).rejects.toThrow('flood queue stopped');
  });
});
