/**
 * One-typo lookup over a vocabulary with the symmetric-delete scheme: every word and every
 * query token are reduced to their single-deletion variants, so an edit (insert, delete,
 * substitute, adjacent swap) meets at a shared key without scanning the vocabulary.
 */
export class TypoIndex {
  private readonly byDeletion = new Map<string, Set<string>>();

  constructor(
    words: Iterable<string>,
    private readonly minLength = 4,
  ) {
    for (const word of words) {
      if (word.length < this.minLength - 1) continue;
      for (const key of variants(word)) {
        let bucket = this.byDeletion.get(key);
        if (!bucket) this.byDeletion.set(key, (bucket = new Set()));
        bucket.add(word);
      }
    }
  }

  /** Vocabulary words within one edit of `token` (the token itself excluded). */
  near(token: string): string[] {
    if (token.length < this.minLength) return [];
    const found = new Set<string>();
    for (const key of variants(token)) {
      const bucket = this.byDeletion.get(key);
      if (!bucket) continue;
      for (const word of bucket) if (word !== token && withinOneEdit(word, token)) found.add(word);
    }
    return [...found];
  }
}

function variants(word: string): string[] {
  const out = [word];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Damerau distance ≤ 1 (shared deletion keys admit a few pairs that are two edits apart). */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
