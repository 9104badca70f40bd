import type { Procedure } from './schema.js';

/** A name short enough to type into the portal's search box. */
export function shortName(p: Procedure): string {
  const name = p.name.replace(/^Thủ tục\s+/i, '').replace(/\s*\(.*\)\s*$/, '');
  return name.length <= 60 ? name : `${name.slice(0, 57).replace(/\s+\S*$/, '')}…`;
}
