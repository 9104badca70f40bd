import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/store.js';
import { Understander } from '../../src/nlu/index.js';
import { CueReader } from '../../src/nlu/cues.js';
import { intentsDir } from '../../src/paths.js';
import { prepare } from '../../src/text/index.js';
import { bundledProcedures } from '../support/catalog.js';

const catalog = new Catalog(bundledProcedures());
const nlu = Understander.fromDirectory(() => catalog.search);

describe('conversation cues (intents/cues.json)', () => {
  it.each([
    ['Xem tiếp đi nhé', 'more'],
    ['thử lại', 'retry'],
    ['gửi đi', 'confirm'],
    ['sửa lại', 'edit'],
    ['thôi không gửi', 'cancel'],
    ['để lại câu hỏi cho cán bộ', 'leaveQuestion'],
    ['tra cứu hồ sơ khác', 'another'],
    ['mình muốn khiếu nại cán bộ', 'feedbackRequest'],
  ])('"%s" → %s', (text, cue) => {
    expect(nlu.understand(text).cues).toContain(cue);
  });

  it('whole-message cues need the whole message', () => {
    expect(nlu.understand('gửi hồ sơ đăng ký tạm trú ở đâu').cues).not.toContain('confirm');
    expect(nlu.understand('xem thêm các bước làm hộ chiếu').cues).not.toContain('more');
  });

  it('reads a choice among offered options', () => {
    expect(nlu.understand('cái thứ hai').choice).toBe(2);
    expect(nlu.understand('số 1').choice).toBe(1);
    expect(nlu.understand('3').choice).toBe(3);
    expect(nlu.understand('hai vợ chồng cùng đi').choice).toBeNull();
  });

  it('reads a follow-up without its follow-up words', () => {
    const fees = nlu.understand('vậy còn lệ phí thì sao');
    expect(fees.followUp).toBe(true);
    expect(fees.intent).toBe('fees');
    const bare = nlu.understand('thế còn đăng ký khai tử thì sao');
    expect(bare.bareFollowUp).toBe(true);
    expect(bare.named?.procedure.code).toBe('1.000656');
    expect(nlu.understand('đăng ký kết hôn thế nào').followUp).toBe(false);
  });

  it('finds a procedure code, a code typed in part, and several questions', () => {
    expect(nlu.understand('thủ tục 1.001193 mất mấy ngày').procedureCode).toBe('1.001193');
    expect(nlu.understand('hồ sơ số 00457 của mình').partialCode).toBe('00457');
    expect(nlu.understand('hẹn trả 12/10/2026 mà chưa có').partialCode).toBeNull();
    expect(nlu.understand('khai sinh cần mang gì; bao lâu thì có; lệ phí bao nhiêu').parts).toEqual(['documents', 'duration', 'fees']);
    expect(nlu.understand('đăng ký khai sinh cần gì').parts).toEqual([]);
  });
});

describe('words that open what the person wants (intents/cues.json `wanting`)', () => {
  const reader = CueReader.fromDirectory(intentsDir);
  const starts = (text: string) => reader.wantedStarts(prepare(text));

  it('opens after "muốn", "cần", "để"; a run opens once; "cán bộ" is no "cần"', () => {
    expect(starts('giờ muốn xin thôi quốc tịch')).toEqual([2]);
    expect(starts('cán bộ bảo phải làm lại')).toEqual([]);
    expect(starts('phải làm gì để sang tên sổ')).toEqual([4]);
  });

  it('"để lại", "xin lỗi", "xin hỏi" say something else', () => {
    expect(starts('bố mẹ mất để lại mảnh đất')).toEqual([]);
    expect(starts('xin lỗi, xin hỏi thủ tục')).toEqual([]);
    expect(starts('bố mẹ để lại đất, giờ muốn sang tên')).toEqual([7]);
    // "định" wants only after who intends: "quyết định", "kiểm định" do not.
    expect(starts('tôi định mở quán ăn')).toEqual([2]);
    expect(starts('quyết định kiểm định xe tải')).toEqual([]);
  });
});

describe('a place told by what was done there (intents/cues.json `placeOf`)', () => {
  const reader = CueReader.fromDirectory(intentsDir);
  const placeOf = (text: string) => reader.read(prepare(text).tokens).includes('placeOf');

  it('"nơi … thường trú" holds with a few filler words between, and only with those', () => {
    expect(placeOf('làm ở phường nơi thường trú')).toBe(true);
    expect(placeOf('làm ở phường nơi vợ tôi đang thường trú')).toBe(true);
    expect(placeOf('nộp ở chỗ bố mẹ đang ở được không')).toBe(true);
    // "nơi nào cấp" asks where; "nơi" far from what was done there is no place of it.
    expect(placeOf('nơi nào cấp giấy phép lái xe')).toBe(false);
    expect(placeOf('nơi làm việc cũ của tôi đã đăng ký')).toBe(false);
  });
});
