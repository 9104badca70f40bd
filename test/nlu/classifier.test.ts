import { describe, expect, it } from 'vitest';
import { IntentClassifier } from '../../src/nlu/classifier.js';

describe('IntentClassifier', () => {
  const model = IntentClassifier.train([
    { text: 'xproc can giay to gi', label: 'documents' },
    { text: 'ho so xproc gom nhung gi', label: 'documents' },
    { text: 'xproc mat bao lau', label: 'duration' },
    { text: 'bao lau thi co', label: 'duration' },
    { text: 'le phi xproc', label: 'fees' },
    { text: 'xproc bao nhieu tien', label: 'fees' },
    { text: 'xin chao', label: 'greeting' },
    { text: 'chao ban', label: 'greeting' },
  ]);

  it('learns the framing words of each intent', () => {
    expect(model.predict('xproc can nhung giay to gi').label).toBe('documents');
    expect(model.predict('mat bao lau vay').label).toBe('duration');
    expect(model.predict('phi xproc bao nhieu').label).toBe('fees');
    expect(model.predict('chao').label).toBe('greeting');
  });

  it('gives a probability: confident on a training phrase, less so on noise', () => {
    const known = model.predict('xproc mat bao lau');
    const noise = model.predict('qwerty zzz');
    expect(known.confidence).toBeGreaterThan(0.6);
    expect(noise.confidence).toBeLessThan(known.confidence);
    const total = known.ranking.reduce((s, r) => s + r.probability, 0);
    expect(total).toBeCloseTo(1, 6);
  });

  it('is deterministic', () => {
    const again = IntentClassifier.train([
      { text: 'a b', label: 'x' },
      { text: 'c d', label: 'y' },
    ]);
    const other = IntentClassifier.train([
      { text: 'a b', label: 'x' },
      { text: 'c d', label: 'y' },
    ]);
    expect(again.predict('a').confidence).toBe(other.predict('a').confidence);
  });
});
