/**
 * The shorthand/teencode dictionary is data (intents/lexicon.json): adding a shorthand is an
 * edit there, never a code change. This module only validates and loads it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { intentsDir } from '../paths.js';

export const lexiconFile = path.join(intentsDir, 'lexicon.json');

const word = z.string().trim().min(1);
/** A list of words or phrases; "@name" pulls in the class of that name. */
const wordList = z.array(word).min(1);

const ruleSchema = z
  .object({
    then: word,
    /** The following words start with one of these. */
    ifNextIn: wordList.optional(),
    /** One of these ends at most `prevWithin` words before (default 1: immediately before). */
    ifPrevIn: wordList.optional(),
    prevWithin: z.number().int().min(1).max(5).optional(),
    /** The form is the first word of the message. */
    ifFirst: z.literal(true).optional(),
    /** Nothing but sentence-final particles follows. */
    ifLast: z.literal(true).optional(),
    /** The word before is a number ("50 k", or "50k" split apart). */
    ifPrevNumber: z.literal(true).optional(),
    /** The words of `ifNextIn` / `ifPrevIn` match only as typed, marks included (else folded, any marks). */
    asTyped: z.literal(true).optional(),
  })
  .strict()
  .refine((r) => r.ifNextIn || r.ifPrevIn || r.ifFirst || r.ifLast || r.ifPrevNumber, {
    message: 'a rule needs at least one condition',
  });

export const lexiconSchema = z
  .object({
    /** Words canonical() must never rewrite (English words and codes that look like Telex/VNI or i/y variants). */
    keep: z.array(word),
    /** Particles that may follow the last real word of a sentence ("bn ạ", "sao v nhỉ"). */
    finalParticles: z.array(word),
    /** Named word lists, referenced from rules as "@name". */
    classes: z.record(z.string().regex(/^[A-Za-z]+$/), wordList),
    /** Unambiguous forms: every listed form becomes `to`; multi-word forms match longest first. */
    plain: z.array(z.object({ forms: wordList, to: word }).strict()),
    /** Ambiguous single-word forms: first matching rule wins, else `default` (null keeps the word). */
    context: z.array(z.object({ forms: wordList, default: word.nullable(), rules: z.array(ruleSchema) }).strict()),
  })
  .strict();

export type LexiconData = z.infer<typeof lexiconSchema>;
export type LexiconRule = z.infer<typeof ruleSchema>;

/** Reads and validates a lexicon file; the error names the file and every bad field. */
export function loadLexicon(file: string = lexiconFile): LexiconData {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read lexicon ${file}: ${(err as Error).message}`);
  }
  const parsed = lexiconSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`invalid lexicon ${file}:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

export const defaultLexicon: LexiconData = loadLexicon();
