/**
 * Intent classifier: multinomial logistic regression over word uni/bi-grams and character
 * n-grams of folded text, trained from the phrases in `intents/`. Small enough to train in well
 * under a second, and its softmax gives a usable confidence. `npm run build` trains it once and
 * saves it (`savedModelFile`), so that a start spends nothing on it while the phrases are unchanged.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export interface TrainingExample {
  text: string;
  label: string;
}

export interface Prediction {
  label: string;
  confidence: number;
  ranking: Array<{ label: string; probability: number }>;
}

/** A sparse feature vector in typed arrays: training walks these millions of times (start-up time). */
interface Features {
  ids: Int32Array;
  values: Float64Array;
}

/** Written by `npm run build` beside the built module; a start from src/ (tsx) never finds one that fits. */
export const savedModelFile = fileURLToPath(new URL('./intent-model.json', import.meta.url));

const savedModelSchema = z
  .object({
    key: z.string(),
    labels: z.array(z.string()).min(1),
    features: z.array(z.string()),
    bias: z.array(z.number()),
    /** Each label's weights: the bytes of its Float64Array in base64, exact and quick to read. */
    weights: z.array(z.string()),
  })
  .refine((m) => m.bias.length === m.labels.length && m.weights.length === m.labels.length, 'one bias and one weight row per label');
export type SavedModel = z.infer<typeof savedModelSchema>;

const epochs = 20;
const learningRate = 0.35;
const l2 = 1e-4;

export class IntentClassifier {
  private readonly featureIds = new Map<string, number>();
  private weights: Float64Array[] = [];
  private bias: Float64Array;

  private constructor(private readonly labels: string[]) {
    this.bias = new Float64Array(labels.length);
  }

  /** `text` is already folded (lower case, no marks) with markers for procedures and codes. */
  static train(examples: TrainingExample[]): IntentClassifier {
    const labels = [...new Set(examples.map((e) => e.label))].sort();
    const model = new IntentClassifier(labels);
    const rows = examples.map((e) => ({ x: model.featurize(e.text, true), y: labels.indexOf(e.label) }));
    const dims = model.featureIds.size;
    model.weights = labels.map(() => new Float64Array(dims));
    const order = rows.map((_, i) => i);
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const rate = learningRate / (1 + epoch * 0.1);
      for (const index of order) {
        const { x, y } = rows[index];
        const probabilities = model.probabilities(x);
        for (let k = 0; k < labels.length; k++) {
          const gradient = probabilities[k] - (k === y ? 1 : 0);
          const w = model.weights[k];
          for (let j = 0; j < x.ids.length; j++) {
            const f = x.ids[j];
            w[f] -= rate * (gradient * x.values[j] + l2 * w[f]);
          }
          model.bias[k] -= rate * gradient;
        }
      }
    }
    return model;
  }

  /**
   * What a saved model must have been trained from: these examples and this very module (its features and its
   * training), so that a changed phrase or a changed classifier never meets a stale model.
   */
  static trainingKey(examples: TrainingExample[]): string {
    return createHash('sha256')
      .update(readFileSync(fileURLToPath(import.meta.url)))
      .update(JSON.stringify(examples))
      .digest('hex');
  }

  /** The saved model when it was trained from exactly these examples by this code; otherwise trains one. */
  static trainOrLoad(examples: TrainingExample[], saved: unknown): IntentClassifier {
    const parsed = savedModelSchema.safeParse(saved);
    if (!parsed.success || parsed.data.key !== IntentClassifier.trainingKey(examples)) return IntentClassifier.train(examples);
    const { labels, features, bias, weights } = parsed.data;
    const rows = weights.map((w) => Buffer.from(w, 'base64'));
    if (rows.some((row) => row.byteLength !== features.length * Float64Array.BYTES_PER_ELEMENT)) return IntentClassifier.train(examples);
    const model = new IntentClassifier(labels);
    features.forEach((feature, id) => model.featureIds.set(feature, id));
    model.bias = Float64Array.from(bias);
    // A copy: a decoded Buffer may sit in Node's shared pool, not aligned for 8-byte reads.
    model.weights = rows.map((row) => new Float64Array(row.buffer.slice(row.byteOffset, row.byteOffset + row.byteLength)));
    return model;
  }

  save(examples: TrainingExample[]): SavedModel {
    return {
      key: IntentClassifier.trainingKey(examples),
      labels: this.labels,
      features: [...this.featureIds.keys()],
      bias: [...this.bias],
      weights: this.weights.map((w) => Buffer.from(w.buffer, w.byteOffset, w.byteLength).toString('base64')),
    };
  }

  predict(text: string): Prediction {
    const probabilities = this.probabilities(this.featurize(text, false));
    const ranking = this.labels.map((label, k) => ({ label, probability: probabilities[k] })).sort((a, b) => b.probability - a.probability);
    return { label: ranking[0].label, confidence: ranking[0].probability, ranking };
  }

  private probabilities(x: Features): Float64Array {
    const scores = new Float64Array(this.labels.length);
    let max = -Infinity;
    for (let k = 0; k < this.labels.length; k++) {
      let s = this.bias[k];
      const w = this.weights[k];
      for (let j = 0; j < x.ids.length; j++) s += w[x.ids[j]] * x.values[j];
      scores[k] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let k = 0; k < scores.length; k++) sum += scores[k] = Math.exp(scores[k] - max);
    for (let k = 0; k < scores.length; k++) scores[k] /= sum;
    return scores;
  }

  /** Sparse, L2-normalised feature vector; unknown features are dropped at prediction time. */
  private featurize(text: string, grow: boolean): Features {
    const counts = new Map<number, number>();
    const add = (feature: string, weight: number) => {
      let id = this.featureIds.get(feature);
      if (id === undefined) {
        if (!grow) return;
        id = this.featureIds.size;
        this.featureIds.set(feature, id);
      }
      counts.set(id, (counts.get(id) ?? 0) + weight);
    };
    const words = text.split(' ').filter(Boolean);
    if (words.length === 0) add('w:<empty>', 1);
    words.forEach((word, i) => {
      add(`w:${word}`, 1);
      if (i > 0) add(`b:${words[i - 1]}_${word}`, 1);
      const padded = `^${word}$`;
      if (word !== 'xproc' && word !== 'xcode') {
        for (let n = 3; n <= 4; n++) for (let j = 0; j + n <= padded.length; j++) add(`c:${padded.slice(j, j + n)}`, 0.3);
      }
    });
    add(`w:^${words[0] ?? ''}`, 0.5);
    add(`len:${Math.min(words.length, 6)}`, 0.5);
    let norm = 0;
    for (const v of counts.values()) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    const features: Features = { ids: new Int32Array(counts.size), values: new Float64Array(counts.size) };
    let j = 0;
    for (const [id, v] of counts) {
      features.ids[j] = id;
      features.values[j++] = v / norm;
    }
    return features;
  }
}
