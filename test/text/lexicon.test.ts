import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalWords } from '../../src/text/canonical.js';
import { createExpander } from '../../src/text/expand.js';
import { lexiconFile, loadLexicon, type LexiconData } from '../../src/text/lexicon.js';

const minimal: LexiconData = { keep: [], finalParticles: ['ạ'], classes: {}, plain: [], context: [] };
const run = (lexicon: LexiconData, text: string) => createExpander(lexicon).expandWords(canonicalWords(text)).join(' ');

describe('lexicon data', () => {
  it('the bundled intents/lexicon.json is valid', () => {
    expect(() => loadLexicon(lexiconFile)).not.toThrow();
  });

  it('a new shorthand is data only: plain forms, multi-word forms longest first', () => {
    const lexicon: LexiconData = {
      ...minimal,
      plain: [
        { forms: ['gks'], to: 'giấy khai sinh' },
        { forms: ['khai sinh'], to: 'khai sinh' },
        { forms: ['giấy khai sinh cũ'], to: 'bản sao giấy khai sinh' },
      ],
    };
    expect(run(lexicon, 'xin GKS')).toBe('xin giấy khai sinh');
    expect(run(lexicon, 'giấy khai sinh cũ')).toBe('bản sao giấy khai sinh');
  });

  it('context rules: first match wins, classes, prevWithin, ifLast with particles, default null keeps the word', () => {
    const lexicon: LexiconData = {
      ...minimal,
      classes: { money: ['tiền', 'lệ phí'] },
      context: [
        {
          forms: ['xx'],
          default: null,
          rules: [
            { ifNextIn: ['@money'], then: 'bao nhiêu' },
            { ifPrevIn: ['lệ phí'], prevWithin: 2, ifLast: true, then: 'mấy' },
            { ifFirst: true, then: 'đầu' },
          ],
        },
      ],
    };
    expect(run(lexicon, 'hết xx tien')).toBe('hết bao nhiêu tien');
    expect(run(lexicon, 'le phi la xx ạ')).toBe('le phi la mấy ạ');
    expect(run(lexicon, 'le phi la xx nhe')).toBe('le phi la xx nhe');
    expect(run(lexicon, 'xx nhé')).toBe('đầu nhé');
    expect(run(lexicon, 'a xx b')).toBe('a xx b');
  });

  it('a rule asTyped compares its words with their marks, and still ends a message at a particle typed with marks', () => {
    const lexicon: LexiconData = {
      ...minimal,
      context: [{ forms: ['xx'], default: null, rules: [{ ifPrevIn: ['bò'], ifLast: true, asTyped: true, then: 'yy' }] }],
    };
    expect(run(lexicon, 'con bò xx ạ')).toBe('con bò yy ạ');
    expect(run(lexicon, 'con bỏ xx ạ')).toBe('con bỏ xx ạ');
  });

  it('rejects a bad file naming the file and the field', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lexicon-'));
    const file = path.join(dir, 'lexicon.json');
    writeFileSync(file, JSON.stringify({ ...minimal, context: [{ forms: ['bn'], default: 'bạn', rules: [{ then: 'x' }] }] }));
    expect(() => loadLexicon(file)).toThrow(/lexicon\.json[\s\S]*context\.0\.rules\.0: a rule needs at least one condition/);
    writeFileSync(file, '{ not json');
    expect(() => loadLexicon(file)).toThrow(/cannot read lexicon .*lexicon\.json/);
  });

  it('rejects unknown classes and forms that are both plain and contextual', () => {
    expect(() => createExpander({ ...minimal, context: [{ forms: ['bn'], default: null, rules: [{ ifNextIn: ['@nope'], then: 'x' }] }] })).toThrow(
      /unknown class @nope/,
    );
    expect(() =>
      createExpander({
        ...minimal,
        plain: [{ forms: ['bn'], to: 'bạn' }],
        context: [{ forms: ['bn'], default: null, rules: [] }],
      }),
    ).toThrow(/both a plain and a context form/);
  });
});
