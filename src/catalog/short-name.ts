import type { Procedure } from './schema.js';

/** A name short enough to type into the portal's search box. */
export function shortName(p: Procedure): string {
  const name = p.name.replace(/^Thủ tục\s+/i, '').replace(/\s*\(.*\)\s*$/, '');
  return name.length <= 60 ? name : `${name.slice(0, 57).replace(/\s+\S*$/, '')}…`;
}

/**
 * Quick-reply labels for several records, one each: where two short names are the same ("Cấp lại
 * chứng chỉ hành nghề môi giới bất động sản" for a lost and for an expired one), what tells them
 * apart — the words in brackets, else the rest of the name — from the first word that differs.
 */
export function distinctLabels(procedures: readonly Procedure[]): string[] {
  const short = procedures.map(shortName);
  const tails = procedures.map((p) => (/\(([^)]*)\)\s*$/.exec(p.name)?.[1] ?? p.name).replace(/^trong trường hợp\s+/i, '').split(/\s+/));
  return procedures.map((_, i) => {
    const same = procedures.flatMap((__, j) => (j !== i && short[j] === short[i] ? [tails[j]] : []));
    if (same.length === 0) return short[i];
    let from = 0;
    while (from < tails[i].length - 1 && same.every((t) => t[from] === tails[i][from])) from++;
    const label = tails[i].slice(from).join(' ');
    const text = label.charAt(0).toUpperCase() + label.slice(1);
    return text.length <= 60 ? text : `${text.slice(0, 57).replace(/\s+\S*$/, '')}…`;
  });
}
