/**
 * `npm run build` runs this from dist/: trains the intent classifier on `intents/phrases` and saves it beside the
 * built classifier, so that a start loads it instead of training (about 100 ms of every start).
 */
import { writeFileSync } from 'node:fs';
import { IntentClassifier, savedModelFile } from './classifier.js';
import { trainingExamples } from './index.js';

const examples = trainingExamples();
writeFileSync(savedModelFile, JSON.stringify(IntentClassifier.train(examples).save(examples)));
