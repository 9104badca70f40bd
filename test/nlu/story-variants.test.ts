import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/store.js';
import { Understander } from '../../src/nlu/index.js';
import { namedRecord } from '../support/catalog.js';

/** A story names the procedure in one sentence and its narrower variant across the others. */
describe('a long story and the narrower variant of what one sentence names', () => {
  const catalog = new Catalog([
    namedRecord('9.000031', 'Thủ tục đăng ký khai sinh'),
    {
      ...namedRecord('9.000032', 'Thủ tục đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân'),
      aliases: ['người lớn có căn cước, học bạ mà chưa có khai sinh'],
    },
    namedRecord('9.000033', 'Thủ tục đăng ký nhận cha, mẹ, con'),
    namedRecord('9.000034', 'Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con'),
  ]);
  const nlu = Understander.fromDirectory(() => catalog.search);
  const top = (text: string) => nlu.understand(text).hits[0]?.procedure.code;

  it('the whole story decides between a procedure and the variant whose name continues it', () => {
    expect(
      top(
        'Tôi năm nay 40 tuổi, đã đi làm nhiều năm, có căn cước, có học bạ, có bằng lái. Hồi nhỏ bố mẹ chưa bao giờ đăng ký khai sinh cho tôi ở quê. Giờ phải làm thủ tục gì?',
      ),
    ).toBe('9.000032');
    expect(
      top(
        'Con tôi mới sinh tuần trước ở bệnh viện huyện, cả nhà mừng lắm, ông bà nội lên thăm. Giờ đăng ký khai sinh cho cháu thì làm thủ tục gì ạ?',
      ),
    ).toBe('9.000031');
  });

  it('a name that merely holds another one is no narrower variant of it', () => {
    expect(
      top(
        'Con gái tôi năm tuổi, lúc làm khai sinh cho cháu thì bỏ trống phần tên bố vì hồi đó chưa cưới. Giờ anh ấy muốn đăng ký nhận cha con cho đàng hoàng, thủ tục thế nào?',
      ),
    ).toBe('9.000033');
  });
});

/** Words of the assistant's own phrases that a record's name also holds ("Hỗ trợ chi phí"). */
describe('a question about the assistant itself', () => {
  const catalog = new Catalog([namedRecord('9.000035', 'Hỗ trợ chi phí'), namedRecord('9.000036', 'Thủ tục đăng ký khai sinh')]);
  const nlu = Understander.fromDirectory(() => catalog.search);

  it('asks what it can do, although a record is named "Hỗ trợ …"', () => {
    expect(nlu.understand('bạn hỗ trợ những gì').intent).toBe('help');
    expect(nlu.understand('ban ho tro duoc nhung viec gi vay').intent).toBe('help');
    expect(nlu.understand('em muốn được hỗ trợ chi phí thì cần giấy tờ gì').intent).toBe('documents');
  });
});
