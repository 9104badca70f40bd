import { describe, expect, it } from 'vitest';
import { forEachPiece, indexRecordContext } from '../../src/search/context.js';
import { namedRecord } from '../support/catalog.js';

const piecesOf = (text: string) => {
  const pieces: string[] = [];
  forEachPiece(text, (piece) => pieces.push(piece));
  return pieces;
};

describe('record context', () => {
  it('splits text into words exactly where whitespace and the listed punctuation are, for every code unit', () => {
    const separators = /[\s,.;:()"“”'/\-–…!?+*%]+/;
    let text = '';
    for (let code = 0; code < 0x10000; code++) text += `a${String.fromCharCode(code)}`;
    expect(piecesOf(text)).toEqual(text.split(separators).filter(Boolean));
    expect(piecesOf('  Bản sao (có chứng thực); “tờ khai”…  ')).toEqual(['Bản', 'sao', 'có', 'chứng', 'thực', 'tờ', 'khai']);
  });

  it('credits each record once per word, from its requirements, documents, subjects and field, never framing words', () => {
    const a = {
      ...namedRecord('1.000001', 'Thủ tục một'),
      requirements: 'Người nước ngoài, người nước ngoài cư trú',
      documents: [{ case: 'Trường hợp ủy quyền', kind: 'submit' as const, items: [{ name: 'Giấy ủy quyền', originals: 1, copies: 0 }], notes: [] }],
    };
    const b = { ...namedRecord('1.000002', 'Thủ tục hai'), subjects: ['Người nước ngoài'], field: 'Hộ tịch' };
    const context = indexRecordContext([a, b], new Set(['cho', 'truong']));
    expect(Array.from(context.get('ngoai')!.docs)).toEqual([0, 1]);
    expect(Array.from(context.get('uy')!.docs)).toEqual([0]);
    expect(context.get('ngoai')!.idf).toBeCloseTo(Math.log(2));
    expect(context.get('uy')!.idf).toBeCloseTo(Math.log(3));
    expect(context.has('truong')).toBe(false);
    expect(Array.from(context.get('tich')!.docs)).toEqual([1]);
  });
});
