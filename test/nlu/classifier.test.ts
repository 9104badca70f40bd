import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Catalog } from '../../src/catalog/store.js';
import { IntentClassifier, type TrainingExample } from '../../src/nlu/classifier.js';
import { Understander, trainingExamples } from '../../src/nlu/index.js';
import { bundledProcedures } from '../support/catalog.js';

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

describe('a saved classifier', () => {
  const examples: TrainingExample[] = [
    { text: 'xproc can giay to gi', label: 'documents' },
    { text: 'xproc mat bao lau', label: 'duration' },
    { text: 'le phi xproc bao nhieu', label: 'fees' },
  ];
  const probes = ['xproc can gi', 'bao lau', 'phi', 'khong biet'];
  const saved = () => JSON.parse(JSON.stringify(IntentClassifier.train(examples).save(examples))) as unknown;
  const predictions = (model: IntentClassifier) => probes.map((p) => model.predict(p));

  afterEach(() => vi.restoreAllMocks());

  it('is read back exactly, without training again', () => {
    const trained = IntentClassifier.train(examples);
    const file = saved();
    const train = vi.spyOn(IntentClassifier, 'train');
    expect(predictions(IntentClassifier.trainOrLoad(examples, file))).toEqual(predictions(trained));
    expect(train).not.toHaveBeenCalled();
  });

  it('is not used for other phrases: the classifier is trained on the phrases it is given', () => {
    const changed = [...examples, { text: 'xproc nop o dau', label: 'where' }];
    const model = IntentClassifier.trainOrLoad(changed, saved());
    expect(model.predict('nop o dau').label).toBe('where');
    expect(predictions(model)).toEqual(predictions(IntentClassifier.train(changed)));
  });

  it.each<[string, (m: Record<string, unknown>) => unknown]>([
    ['a weight row cut short', (m) => ({ ...m, weights: (m.weights as string[]).map((w) => w.slice(0, 8)) })],
    ['a label without its weights', (m) => ({ ...m, weights: (m.weights as string[]).slice(1) })],
    ['no key', (m) => ({ ...m, key: undefined })],
    ['not a model at all', () => 'hello'],
  ])('is not used when damaged (%s): the classifier is trained instead', (_, damage) => {
    const model = IntentClassifier.trainOrLoad(examples, damage(saved() as Record<string, unknown>));
    expect(predictions(model)).toEqual(predictions(IntentClassifier.train(examples)));
  });

  it('is what a start reads when it fits the phrases in intents/', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'motcua-model-')), 'intent-model.json');
    const all = trainingExamples();
    writeFileSync(file, JSON.stringify(IntentClassifier.train(all).save(all)));
    const train = vi.spyOn(IntentClassifier, 'train');
    const catalog = new Catalog(bundledProcedures());
    const question = 'làm căn cước mất bao lâu';
    expect(Understander.fromDirectory(() => catalog.search, undefined, {}, file).understand(question).intent).toBe('duration');
    expect(train).not.toHaveBeenCalled();
    writeFileSync(file, '{ not json');
    expect(Understander.fromDirectory(() => catalog.search, undefined, {}, file).understand(question).intent).toBe('duration');
    expect(train).toHaveBeenCalledTimes(1);
  });
});
