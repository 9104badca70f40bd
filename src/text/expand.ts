/**
 * Teencode and shorthand expansion driven by the lexicon data: plain forms are replaced
 * (longest match first), ambiguous forms are resolved by a small rule engine that looks at the
 * neighbouring words in folded form, so "bn tien" and "bn tiền" resolve alike (or, for a rule that
 * says `asTyped`, with their marks: "con bò" is an animal, "con bỏ học" is not).
 */
import { canonicalWords, foldToken } from './canonical.js';
import type { LexiconData, LexiconRule } from './lexicon.js';

interface PlainEntry {
  form: string[];
  to: string[];
}

interface CompiledRule {
  then: string[];
  next: string[][];
  prev: string[][];
  prevWithin: number;
  first: boolean;
  last: boolean;
  prevNumber: boolean;
  asTyped: boolean;
}

interface ContextEntry {
  fallback: string[] | undefined;
  rules: CompiledRule[];
}

export interface Expander {
  /** Expands canonical words; the result is canonical words too. */
  expandWords(words: readonly string[]): string[];
}

const digitsOnly = /^[0-9]+$/;
/** "50k", "2tr": a number glued to a unit shorthand. */
const numberWithSuffix = /^([0-9]+)([^0-9]+)$/;

const foldPhrase = (phrase: string): string[] => canonicalWords(phrase).map(foldToken);

export function createExpander(lexicon: LexiconData): Expander {
  const classes = new Map(Object.entries(lexicon.classes));
  const phrases = (list: readonly string[] | undefined, owner: string, asTyped: boolean): string[][] => {
    const words = asTyped ? canonicalWords : foldPhrase;
    return (list ?? []).flatMap((item) => {
      if (!item.startsWith('@')) return [words(item)];
      const members = classes.get(item.slice(1));
      if (!members) throw new Error(`lexicon: unknown class ${item} in the rules for "${owner}"`);
      return members.map(words);
    });
  };
  const compileRule = (rule: LexiconRule, owner: string): CompiledRule => {
    const asTyped = rule.asTyped === true;
    return {
      then: canonicalWords(rule.then),
      next: phrases(rule.ifNextIn, owner, asTyped),
      prev: phrases(rule.ifPrevIn, owner, asTyped),
      prevWithin: rule.prevWithin ?? 1,
      first: rule.ifFirst === true,
      last: rule.ifLast === true,
      prevNumber: rule.ifPrevNumber === true,
      asTyped,
    };
  };

  const plain = new Map<string, PlainEntry[]>();
  for (const entry of lexicon.plain) {
    const to = canonicalWords(entry.to);
    for (const raw of entry.forms) {
      const form = canonicalWords(raw);
      const list = plain.get(form[0]) ?? [];
      list.push({ form, to });
      plain.set(form[0], list);
    }
  }
  for (const list of plain.values()) list.sort((a, b) => b.form.length - a.form.length);

  const context = new Map<string, ContextEntry>();
  for (const entry of lexicon.context) {
    const compiled: ContextEntry = {
      fallback: entry.default === null ? undefined : canonicalWords(entry.default),
      rules: entry.rules.map((r) => compileRule(r, entry.forms[0])),
    };
    for (const raw of entry.forms) {
      const form = canonicalWords(raw);
      if (form.length !== 1) throw new Error(`lexicon: context form "${raw}" must be one word`);
      if (plain.has(form[0])) throw new Error(`lexicon: "${raw}" is both a plain and a context form`);
      context.set(form[0], compiled);
    }
  }
  const particles = new Set(lexicon.finalParticles.flatMap(foldPhrase));
  const isSingleForm = (w: string) => context.has(w) || (plain.get(w)?.some((e) => e.form.length === 1) ?? false);

  const startsAt = (view: readonly string[], at: number, phrase: readonly string[]) => {
    if (at < 0 || at + phrase.length > view.length) return false;
    for (let k = 0; k < phrase.length; k++) if (view[at + k] !== phrase[k]) return false;
    return true;
  };
  const matches = (r: CompiledRule, folded: readonly string[], typed: readonly string[], p: number): boolean => {
    const view = r.asTyped ? typed : folded;
    if (r.first && p !== 0) return false;
    if (r.prevNumber && !(p > 0 && digitsOnly.test(view[p - 1]))) return false;
    // Particles are folded whatever the rule says.
    if (r.last) for (let j = p + 1; j < folded.length; j++) if (!particles.has(folded[j])) return false;
    if (r.next.length > 0 && !r.next.some((ph) => startsAt(view, p + 1, ph))) return false;
    if (r.prev.length > 0) {
      let found = false;
      for (let d = 1; d <= r.prevWithin && !found; d++) found = r.prev.some((ph) => startsAt(view, p - d - ph.length + 1, ph));
      if (!found) return false;
    }
    return true;
  };

  /** Splits "50k" into "50", "k" when the suffix is a shorthand, so number rules can see it. */
  const splitNumbers = (words: readonly string[]): string[] => {
    const out: string[] = [];
    for (const w of words) {
      const m = w.charCodeAt(0) <= 57 ? numberWithSuffix.exec(w) : null;
      if (m && isSingleForm(m[2])) out.push(m[1], m[2]);
      else out.push(w);
    }
    return out;
  };

  return {
    expandWords(input) {
      const words = splitNumbers(input);
      // A word kept as typed goes in as itself, not as a one-word array (most words, most messages).
      const out: Array<string | string[]> = [];
      const pending: { slot: number; at: number; entry: ContextEntry }[] = [];
      /** How many words `out` holds so far: where a pending form stands in the view. */
      let viewLength = 0;
      for (let i = 0; i < words.length;) {
        const hit = plain.get(words[i])?.find((e) => startsAt(words, i, e.form));
        if (hit) {
          out.push(hit.to);
          viewLength += hit.to.length;
          i += hit.form.length;
          continue;
        }
        const entry = context.get(words[i]);
        if (entry) pending.push({ slot: out.length, at: viewLength, entry });
        out.push(words[i]);
        viewLength++;
        i++;
      }
      if (pending.length === 0) return out.flat();
      // Folded only when an ambiguous form needs its neighbours: most texts have none (catalog names at start-up).
      const typed = out.flat();
      const view = typed.map(foldToken);
      // Resolved against the views before any ambiguous form is replaced, so order does not matter.
      for (const { slot, at, entry } of pending) {
        const rule = entry.rules.find((r) => matches(r, view, typed, at));
        const replacement = rule ? rule.then : entry.fallback;
        if (replacement) out[slot] = replacement;
      }
      return out.flat();
    },
  };
}
