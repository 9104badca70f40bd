import { describe, expect, it } from 'vitest';
import { canonical, fold, hasDiacritics, prepare, toDisplay } from '../../src/text/index.js';

describe('canonical', () => {
  it('lower-cases, collapses whitespace and turns punctuation into spaces', () => {
    expect(canonical('  Đăng ký   KHAI SINH!!  (lần 2)… ')).toBe('đăng ký khai sinh lần 2');
    expect(canonical('hồ sơ:000.00.12.H56-261020-0031')).toBe('hồ sơ 000 00 12 h56 261020 0031');
  });

  it('composes decomposed (NFD) input', () => {
    const nfd = 'Thủ tục đăng ký thường trú'.normalize('NFD');
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    expect(canonical(nfd)).toBe('thủ tục đăng ký thường trú');
  });

  it('maps the look-alike Đ/đ letters to Đ/đ', () => {
    for (const d of ['\u00D0', '\u0189', '\u00F0', '\u0256']) expect(canonical(`${d}ăng ký ${d}ất`)).toBe('đăng ký đất');
    expect(toDisplay('\u00D0ăng ký')).toBe('Đăng ký');
  });

  it('puts the tone on one vowel (traditional placement)', () => {
    expect(canonical('hoà thuỷ khoẻ Hoà Bình tuỳ uỷ ban')).toBe('hòa thủy khỏe hòa bình tùy ủy ban');
    expect(canonical('thóat thơì')).toBe('thoát thời');
    // already canonical words stay put, including marked nuclei and qu/gi initials
    const stable = 'người quyết định giữ gìn khuya quý huỳnh hoàn thuở tiếng';
    expect(canonical(stable)).toBe(stable);
  });

  it('unifies i/y where both spellings are in use, and only there', () => {
    expect(canonical('lí lịch kĩ thuật qui định quí công ti')).toBe('lý lịch kỹ thuật quy định quý công ty');
    expect(canonical('quý')).toBe('quý');
    expect(canonical('đi ghi khi chi phí bí thư')).toBe('đi ghi khi chi phí bí thư');
    expect(canonical('tin kinh lịch')).toBe('tin kinh lịch');
  });

  it('leaves words it cannot parse alone (run-together cells, foreign words)', () => {
    expect(canonical('phốyêu email zalo')).toBe('phốyêu email zalo');
  });

  it('outputs NFC', () => {
    const out = canonical('Hoà giải tranh chấp đất đai'.normalize('NFD'));
    expect(out).toBe(out.normalize('NFC'));
  });
});

describe('fold', () => {
  it('removes marks and maps đ→d so only [a-z0-9 ] remain', () => {
    expect(fold('Đăng ký KHAI SINH!')).toBe('dang ky khai sinh');
    expect(fold('Người ở Hoà Bình, số 12°')).toBe('nguoi o hoa binh so 12');
    expect(fold('ñandú café')).toBe('nandu cafe');
    expect(fold('漢字 only')).toBe('only');
  });

  it('agrees across spellings a person may type', () => {
    expect(fold('hoà')).toBe(fold('hòa'));
    expect(fold('lí lịch')).toBe(fold('ly lich'));
    expect(fold('ddawng kys')).toBe(fold('đăng ký'));
  });
});

describe('hasDiacritics', () => {
  it('is true for tone and vowel marks, false for plain text and đ alone', () => {
    expect(hasDiacritics('đăng ký')).toBe(true);
    expect(hasDiacritics('Thuơ')).toBe(true);
    expect(hasDiacritics('dang ky khai sinh')).toBe(false);
    expect(hasDiacritics('đi đâu')).toBe(true);
    expect(hasDiacritics('đi')).toBe(false);
    expect(hasDiacritics('ddawng kys')).toBe(false);
  });
});

describe('prepare', () => {
  it('returns every form of the text', () => {
    const p = prepare('Đăng ký tạm trú bn tiền?');
    expect(p).toEqual({
      original: 'Đăng ký tạm trú bn tiền?',
      canonical: 'đăng ký tạm trú bn tiền',
      expanded: 'đăng ký tạm trú bao nhiêu tiền',
      folded: 'dang ky tam tru bao nhieu tien',
      tokens: ['dang', 'ky', 'tam', 'tru', 'bao', 'nhieu', 'tien'],
      hasDiacritics: true,
    });
  });

  it('has no empty tokens for empty or punctuation-only input', () => {
    expect(prepare('').tokens).toEqual([]);
    expect(prepare(' ?!… ').tokens).toEqual([]);
    expect(prepare('?!').folded).toBe('');
  });
});
