import { fold } from '../text/index.js';

/**
 * Qualifiers that pick a variant beyond what words match: an age ("con 15 tuổi") against
 * names that set an age bound ("dưới 14 tuổi", "từ đủ 14 tuổi trở lên").
 */
const agePattern = /\b(\d{1,3}) tuoi\b/;
const below = /\bduoi (\d{1,3}) tuoi\b/;
const atLeast = /\b(?:tu )?du (\d{1,3}) tuoi(?: tro len)?\b/;

export function applyQualifiers<T extends { score: number; doc: number }>(hits: T[], foldedText: string, nameOf: (doc: number) => string): T[] {
  const age = agePattern.exec(foldedText);
  if (!age || below.test(foldedText) || atLeast.test(foldedText)) return hits;
  const years = Number(age[1]);
  const adjusted = hits.map((hit) => {
    const name = fold(nameOf(hit.doc));
    const under = below.exec(name);
    const over = atLeast.exec(name);
    if (!under && !over) return hit;
    const fits = (under ? years < Number(under[1]) : true) && (over ? years >= Number(over[1]) : true);
    return { ...hit, score: hit.score * (fits ? 1.1 : 0.85) };
  });
  return adjusted;
}
