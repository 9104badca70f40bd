import { z } from 'zod';
import { fold } from '../../text/index.js';
import { type Procedure, describeZodError, procedureCode, procedureSchema } from '../schema.js';

/**
 * A batch of catalog changes published under one decision (interface spec §3): its shape, and
 * the pure work of applying it to a set of records. Nothing here touches storage or the
 * serving catalog, so the same code validates a new batch and replays stored ones.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const decisionSchema = z.object({ number: text(100), date: isoDate, agency: text(200) });

const addSchema = z.object({ action: z.literal('add'), procedure: z.unknown(), summary: text(1000).optional() });
const amendSchema = z.object({
  action: z.literal('amend'),
  code: procedureCode,
  patch: z.record(z.string(), z.unknown()).refine((p) => Object.keys(p).length > 0, 'must change at least one field'),
  summary: text(1000),
});
const abolishSchema = z.object({ action: z.literal('abolish'), code: procedureCode, summary: text(1000) });
export const changeSchema = z.discriminatedUnion('action', [addSchema, amendSchema, abolishSchema]);

/** Changes are checked one by one afterwards, so every problem of every change is reported. */
export const batchSchema = z.object({
  decision: decisionSchema,
  effectiveDate: isoDate.optional(),
  changes: z.array(z.unknown()).min(1, 'at least one change is required').max(500),
});

export type Change = z.infer<typeof changeSchema>;
export interface Batch {
  decision: z.infer<typeof decisionSchema>;
  effectiveDate?: string;
  changes: Change[];
}

export interface Problem {
  /** Where in the request body, e.g. `changes.1.patch.channels.0.fees.0.amount`. */
  path: string;
  message: string;
  /** The procedure concerned, when known. */
  code?: string;
}

export interface ChangeSummary {
  action: Change['action'];
  code: string;
  name: string;
  summary: string;
}

/** Who applies a batch; `agency: null` is the bootstrap ADMIN_TOKEN, which acts for every agency. */
export interface ChangeAuthor {
  id: string;
  agency: string | null;
}

const issue = (path: string, message: string): Problem => ({ path, message });
const prefixed = (prefix: string, problems: string[]): Problem[] =>
  problems.map((p) => {
    const [where, ...rest] = p.split(': ');
    return issue(where === '(record)' ? prefix : `${prefix}.${where}`, rest.join(': '));
  });

/** Reads a request body into a batch, or lists every shape problem it has. */
export function parseBatch(body: unknown): { batch?: Batch; problems: Problem[] } {
  const outer = batchSchema.safeParse(body);
  if (!outer.success) return { problems: prefixed('(body)', describeZodError(outer.error)).map(stripBody) };
  const problems: Problem[] = [];
  const changes: Change[] = [];
  outer.data.changes.forEach((raw, i) => {
    const parsed = changeSchema.safeParse(raw);
    if (parsed.success) changes.push(parsed.data);
    else problems.push(...prefixed(`changes.${i}`, describeZodError(parsed.error)));
  });
  return problems.length ? { problems } : { batch: { ...outer.data, changes }, problems };
}

const stripBody = (p: Problem): Problem => ({ ...p, path: p.path.replace(/^\(body\)\.?/, '') || '(body)' });

/** RFC 7396 JSON Merge Patch: objects merge key by key, `null` deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    // defineProperty: a "__proto__" key in the patch stays a plain key, never a prototype.
    else Object.defineProperty(result, key, { value: mergePatch(result[key], value), enumerable: true, writable: true, configurable: true });
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a scoped token of `agency` may change `procedure`. Names are compared folded (case,
 * diacritics and punctuation ignored). The token's agency must appear as a whole-word phrase in
 * the record's competent or executing agency ("Công an cấp xã" covers "Công an cấp xã" and
 * "Công an tỉnh; Công an cấp xã"), or be the issuer of the decision that announced the record:
 * the letters after "QĐ-" in `decision`, matched by the token's agency written as that
 * abbreviation ("BTP") or in full, by initials without "và" ("Bộ Tư pháp" → BTP,
 * "Bộ Nông nghiệp và Môi trường" → BNNMT).
 */
export function agencyMayChange(agency: string, procedure: Procedure): boolean {
  const wanted = fold(agency);
  if (!wanted) return false;
  const { competent, executing } = procedure.agencies;
  if ([competent, executing].some((name) => name && ` ${fold(name)} `.includes(` ${wanted} `))) return true;
  const issuer = fold(procedure.decision).split(' ').find((w) => /^[a-z]+$/.test(w) && w !== 'qd');
  if (!issuer) return false;
  const words = wanted.split(' ');
  return issuer === words.join('') || issuer === words.filter((w) => w !== 'va').map((w) => w[0]).join('');
}

export interface ApplyOutcome {
  records: Map<string, Procedure>;
  summaries: ChangeSummary[];
  problems: Problem[];
  /** Changes the author's agency may not make (→ 403). */
  forbidden: Problem[];
}

/**
 * Applies `batch` in order to a copy of `records` (so a later change may amend a procedure an
 * earlier one added). Every change is checked even after a failure, so all problems come back
 * at once; the caller uses the records only when both lists are empty. `day` becomes updatedAt.
 * On `replay` (stored batches over a possibly newer base) an added code that exists is replaced:
 * the published record is the later word.
 */
export function applyBatch(
  records: ReadonlyMap<string, Procedure>, batch: Batch, author: ChangeAuthor, day: string, options: { replay?: boolean } = {},
): ApplyOutcome {
  const next = new Map(records);
  const outcome: ApplyOutcome = { records: next, summaries: [], problems: [], forbidden: [] };
  const allowed = (p: Procedure) => author.agency === null || agencyMayChange(author.agency, p);
  const decision = batch.decision.number;

  batch.changes.forEach((change, i) => {
    const at = `changes.${i}`;
    const deny = (code: string) =>
      outcome.forbidden.push({ ...issue(at, `agency "${author.agency}" may not change procedure ${code}`), code });

    if (change.action === 'add') {
      const parsed = procedureSchema.safeParse(change.procedure);
      if (!parsed.success) return outcome.problems.push(...prefixed(`${at}.procedure`, describeZodError(parsed.error)));
      const procedure = { ...parsed.data, updatedAt: day };
      if (procedure.abolished) return outcome.problems.push(issue(`${at}.procedure.abolished`, 'a new procedure cannot be abolished'));
      if (next.has(procedure.code) && !options.replay) return outcome.problems.push(issue(`${at}.procedure.code`, `procedure ${procedure.code} already exists; use "amend"`));
      if (!allowed(procedure)) return deny(procedure.code);
      next.set(procedure.code, procedure);
      outcome.summaries.push({ action: 'add', code: procedure.code, name: procedure.name, summary: change.summary ?? '' });
      return;
    }

    const current = next.get(change.code);
    if (!current) return outcome.problems.push(issue(`${at}.code`, `procedure ${change.code} does not exist`));
    if (!allowed(current)) return deny(change.code);
    if (current.abolished) return outcome.problems.push(issue(`${at}.code`, `procedure ${change.code} is already abolished`));

    if (change.action === 'abolish') {
      next.set(change.code, { ...current, abolished: { decision, date: batch.effectiveDate ?? batch.decision.date, summary: change.summary }, updatedAt: day });
      outcome.summaries.push({ action: 'abolish', code: change.code, name: current.name, summary: change.summary });
      return;
    }

    const before = outcome.problems.length;
    if ('code' in change.patch && change.patch.code !== change.code) outcome.problems.push(issue(`${at}.patch.code`, 'the code of a procedure cannot change'));
    if ('abolished' in change.patch) outcome.problems.push(issue(`${at}.patch.abolished`, 'use the "abolish" action'));
    const parsed = procedureSchema.safeParse(mergePatch(current, change.patch));
    if (!parsed.success) outcome.problems.push(...prefixed(`${at}.patch`, describeZodError(parsed.error)));
    if (outcome.problems.length > before || !parsed.success) return;
    next.set(change.code, { ...parsed.data, updatedAt: day });
    outcome.summaries.push({ action: 'amend', code: change.code, name: parsed.data.name, summary: change.summary });
  });
  return outcome;
}
