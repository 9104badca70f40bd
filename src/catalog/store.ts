import { ProcedureSearch } from '../search/index.js';
import { fold } from '../text/index.js';
import type { EverydayNames } from './names.js';
import type { Procedure } from './schema.js';

/** A change published with a later effective date: the record as it will read from then. */
export interface UpcomingChange {
  record: Procedure;
  effectiveDate: string;
  decision: string;
}

/**
 * The catalog being served: records by code, a search index over them, and a version that
 * moves on every change. Replacing the catalog swaps both at once, so answers change with
 * no restart and a reader never sees half of a change.
 */
export class Catalog {
  private byCode = new Map<string, Procedure>();
  private index!: ProcedureSearch;
  private current: readonly Procedure[] = [];
  private pending = new Map<string, UpcomingChange>();
  version = 0;

  constructor(
    procedures: readonly Procedure[],
    private readonly options: { searchCacheSize?: number; everydayNames?: EverydayNames } = {},
  ) {
    this.replace(procedures);
  }

  /** Changes published but not yet in force (answers may say "từ ngày … sẽ là …"). */
  setUpcoming(changes: ReadonlyMap<string, UpcomingChange>): void {
    this.pending = new Map(changes);
  }

  upcoming(code: string): UpcomingChange | undefined {
    return this.pending.get(code);
  }

  replace(procedures: readonly Procedure[]): number {
    // Abolished procedures stay findable, so a question about one is told it was abolished
    // rather than answered with a look-alike.
    const index = new ProcedureSearch(procedures, { cacheSize: this.options.searchCacheSize, everydayNames: this.options.everydayNames });
    this.byCode = new Map(procedures.map((p) => [p.code, p]));
    this.current = procedures;
    this.index = index;
    return ++this.version;
  }

  /** A search over other records as this catalog would index them (no cache): what a change would do to answers. */
  trialSearch(procedures: readonly Procedure[]): ProcedureSearch {
    return new ProcedureSearch(procedures, { cacheSize: 0, everydayNames: this.options.everydayNames });
  }

  get size(): number {
    return this.current.length;
  }

  get(code: string): Procedure | undefined {
    return this.byCode.get(code);
  }

  all(): readonly Procedure[] {
    return this.current;
  }

  get search(): ProcedureSearch {
    return this.index;
  }

  /** The field (lĩnh vực) whose name the query covers best, with its live procedures. */
  byField(query: string): { field: string; procedures: Procedure[] } | null {
    const said = ` ${fold(query)} `;
    const wanted = said
      .trim()
      .split(' ')
      .filter((w) => w.length > 1);
    if (wanted.length === 0) return null;
    const groups = new Map<string, Procedure[]>();
    for (const p of this.current) {
      if (p.abolished) continue;
      const list = groups.get(p.field) ?? [];
      list.push(p);
      groups.set(p.field, list);
    }
    let best: { field: string; procedures: Procedure[]; ratio: number } | null = null;
    for (const [field, procedures] of groups) {
      const words = fold(field)
        .split(' ')
        .filter((w) => w.length > 1);
      const matched = words.filter((w) => wanted.includes(w)).length;
      const ratio = matched / Math.max(words.length, 1);
      // A field of one short word ("Thú y": "thu") must be said as a phrase, or "thủ tục" would name it.
      if (ratio < 0.6 || (matched < 2 && !said.includes(` ${fold(field)} `))) continue;
      if (!best || ratio > best.ratio) best = { field, procedures, ratio };
    }
    return best && { field: best.field, procedures: best.procedures };
  }
}
