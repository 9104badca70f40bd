import { z } from 'zod';
import { fold } from '../../text/index.js';
import { type Channel, type Procedure, channelMethod, describeZodError, procedureCode, procedureSchema } from '../schema.js';

/**
 * A batch of catalog changes published under one decision (interface spec §3): its shape, and
 * the pure work of applying it to a set of records. Nothing here touches storage or the
 * serving catalog, so the same code validates a new batch and replays stored ones.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'phải là ngày dạng YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1, 'không được để trống').max(max);
/** Agency officials read these problems: zod's own messages in Vietnamese too. */
const vi = { error: z.locales.vi().localeError };

export const decisionSchema = z.object({ number: text(100), date: isoDate, agency: text(200) });

const addSchema = z.object({ action: z.literal('add'), procedure: z.unknown(), summary: text(1000).optional() });
const amendSchema = z.object({
  action: z.literal('amend'),
  code: procedureCode,
  patch: z.record(z.string(), z.unknown()).refine((p) => Object.keys(p).length > 0, 'phải thay đổi ít nhất một trường'),
  summary: text(1000),
});
const abolishSchema = z.object({ action: z.literal('abolish'), code: procedureCode, summary: text(1000), replacedBy: procedureCode.optional() });
export const changeSchema = z.discriminatedUnion('action', [addSchema, amendSchema, abolishSchema]);

/** Changes are checked one by one afterwards, so every problem of every change is reported. */
export const batchSchema = z.object({
  decision: decisionSchema,
  effectiveDate: isoDate.optional(),
  changes: z.array(z.unknown()).min(1, 'cần ít nhất một thay đổi').max(500),
});

export type Change = z.infer<typeof changeSchema>;
export interface Batch {
  decision: z.infer<typeof decisionSchema>;
  effectiveDate?: string;
  changes: Change[];
  /** Stored with the batch (never read from a request): the agency of the token that published it. */
  publishedBy?: string;
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

/** Who applies a batch; `scope: null` is the bootstrap ADMIN_TOKEN, which acts for every agency. */
export interface ChangeAuthor {
  id: string;
  /** The token's agency, named as the source of what it publishes (the body's `decision.agency` is its own word). */
  agency: string | null;
  /** Procedure codes or fields the author may change. */
  scope: readonly string[] | null;
}

const issue = (path: string, message: string): Problem => ({ path, message });
const prefixed = (prefix: string, problems: string[]): Problem[] =>
  problems.map((p) => {
    const [where, ...rest] = p.split(': ');
    return issue(where === '(record)' ? prefix : `${prefix}.${where}`, rest.join(': '));
  });

/** Reads a request body into a batch, or lists every shape problem it has. */
export function parseBatch(body: unknown): { batch?: Batch; problems: Problem[] } {
  const outer = batchSchema.safeParse(body, vi);
  if (!outer.success) return { problems: prefixed('(body)', describeZodError(outer.error).map(vietnamese)).map(stripBody) };
  const problems: Problem[] = [];
  const changes: Change[] = [];
  outer.data.changes.forEach((raw, i) => {
    const parsed = changeSchema.safeParse(raw, vi);
    if (parsed.success) changes.push(parsed.data);
    else problems.push(...prefixed(`changes.${i}`, describeZodError(parsed.error).map(vietnamese)));
  });
  return problems.length ? { problems } : { batch: { ...outer.data, changes }, problems };
}

const stripBody = (p: Problem): Problem => ({ ...p, path: p.path.replace(/^\(body\)\.?/, '') || '(body)' });

/** The record schema's own messages (shared with the operators' CLI, in English) read in Vietnamese here. */
const englishMessages: Array<[RegExp, string]> = [
  [/expected YYYY-MM-DD/, 'phải là ngày dạng YYYY-MM-DD'],
  [/expected a national code such as 1\.001193/, 'phải là mã thủ tục quốc gia, ví dụ 1.001193'],
];
function vietnamese(problem: string): string {
  return englishMessages.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), problem);
}

/** A record checked against the project schema, problems in Vietnamese. */
function checkRecord(value: unknown) {
  return procedureSchema.safeParse(value, vi);
}

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
 * Whether a token's scope covers a procedure: its code, or its field (lĩnh vực) written the
 * same (case, marks and spacing aside). Data the operator wrote into the token, never a
 * likeness of agency names. `null` is the bootstrap ADMIN_TOKEN, which covers everything.
 */
export function scopeCovers(scope: readonly string[] | null, procedure: Pick<Procedure, 'code' | 'field'>): boolean {
  if (scope === null) return true;
  const field = fold(procedure.field);
  return scope.some((entry) => entry === procedure.code || (field !== '' && fold(entry) === field));
}

export interface ApplyOutcome {
  records: Map<string, Procedure>;
  summaries: ChangeSummary[];
  problems: Problem[];
  /** Changes the author's agency may not make (→ 403). */
  forbidden: Problem[];
  /** Applied, but worth a second look (a channel that disappeared). */
  warnings: Problem[];
}

/**
 * Applies `batch` in order to a copy of `records` (so a later change may amend a procedure an
 * earlier one added). Every change is checked even after a failure, so all problems come back
 * at once; the caller uses the records only when both lists are empty. `day` becomes updatedAt.
 * On `replay` (stored batches over a possibly newer base) an added code that exists is replaced:
 * the published record is the later word.
 */
export function applyBatch(
  records: ReadonlyMap<string, Procedure>,
  batch: Batch,
  author: ChangeAuthor,
  day: string,
  options: { replay?: boolean } = {},
): ApplyOutcome {
  const next = new Map(records);
  const outcome: ApplyOutcome = { records: next, summaries: [], problems: [], forbidden: [], warnings: [] };
  const allowed = (p: Procedure) => scopeCovers(author.scope, p);
  const decision = batch.decision.number;
  const dated = batch.effectiveDate ? { effectiveDate: batch.effectiveDate } : {};
  const changedBy = { decision, agency: author.agency ?? batch.decision.agency, ...dated };

  batch.changes.forEach((change, i) => {
    const at = `changes.${i}`;
    const deny = (code: string) =>
      outcome.forbidden.push({ ...issue(at, `thủ tục ${code} nằm ngoài phạm vi của mã truy cập (${(author.scope ?? []).join(', ')})`), code });

    if (change.action === 'add') {
      const parsed = checkRecord(change.procedure);
      if (!parsed.success) return outcome.problems.push(...prefixed(`${at}.procedure`, describeZodError(parsed.error).map(vietnamese)));
      // A record an agency adds is its own word, not the portal's: answers name it as the source.
      const procedure = { ...parsed.data, updatedAt: day, changedBy: { ...changedBy, added: true } };
      if (procedure.abolished) return outcome.problems.push(issue(`${at}.procedure.abolished`, 'thủ tục mới không thể ở trạng thái bãi bỏ'));
      if (next.has(procedure.code) && !options.replay)
        return outcome.problems.push(issue(`${at}.procedure.code`, `thủ tục ${procedure.code} đã có; hãy dùng "amend"`));
      if (!allowed(procedure)) return deny(procedure.code);
      next.set(procedure.code, procedure);
      outcome.summaries.push({ action: 'add', code: procedure.code, name: procedure.name, summary: change.summary ?? '' });
      return;
    }

    const current = next.get(change.code);
    if (!current) return outcome.problems.push(issue(`${at}.code`, `thủ tục ${change.code} không có trong danh mục`));
    if (!allowed(current)) return deny(change.code);
    if (current.abolished) return outcome.problems.push(issue(`${at}.code`, `thủ tục ${change.code} đã bị bãi bỏ`));

    if (change.action === 'abolish') {
      if (change.replacedBy && (change.replacedBy === change.code || !next.has(change.replacedBy))) {
        return outcome.problems.push(issue(`${at}.replacedBy`, `thủ tục thay thế ${change.replacedBy} không có trong danh mục`));
      }
      const replacedBy = change.replacedBy ? { replacedBy: change.replacedBy } : {};
      const abolished = { decision, date: batch.effectiveDate ?? batch.decision.date, summary: change.summary, ...replacedBy };
      next.set(change.code, { ...current, abolished, updatedAt: day, changedBy: keepOrigin(current, changedBy) });
      outcome.summaries.push({ action: 'abolish', code: change.code, name: current.name, summary: change.summary });
      return;
    }

    const before = outcome.problems.length;
    if ('code' in change.patch && change.patch.code !== change.code) outcome.problems.push(issue(`${at}.patch.code`, 'không được đổi mã thủ tục'));
    if ('abolished' in change.patch) outcome.problems.push(issue(`${at}.patch.abolished`, 'để bãi bỏ, hãy dùng "abolish"'));
    const channels = patchChannels(current.channels, change.patch.channels, `${at}.patch.channels`, outcome);
    const patch = channels === undefined ? change.patch : { ...change.patch, channels };
    const parsed = checkRecord(mergePatch(current, patch));
    if (!parsed.success) outcome.problems.push(...prefixed(`${at}.patch`, describeZodError(parsed.error).map(vietnamese)));
    if (outcome.problems.length > before || !parsed.success) return;
    const record = batch.effectiveDate ? datedFees(current, parsed.data, batch.effectiveDate) : parsed.data;
    // Scope is checked on the record as it was and as it will be: a patch cannot move it out of reach.
    if (!allowed(record)) return deny(change.code);
    next.set(change.code, { ...record, updatedAt: day, changedBy: keepOrigin(current, changedBy) });
    outcome.summaries.push({ action: 'amend', code: change.code, name: parsed.data.name, summary: change.summary });
  });
  return outcome;
}

/** An added record stays one an agency added, through later changes. */
function keepOrigin(current: Procedure, changedBy: NonNullable<Procedure['changedBy']>): NonNullable<Procedure['changedBy']> {
  return current.changedBy?.added ? { ...changedBy, added: true } : changedBy;
}

/**
 * `patch.channels` keyed by method merges into those channels only (`null` removes one, a new
 * method is added); an array replaces them all, with a warning for every channel that is gone.
 * Returns the array to merge, or undefined when the patch does not touch channels.
 */
function patchChannels(current: Channel[], value: unknown, at: string, outcome: ApplyOutcome): unknown {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    const kept = new Set(value.map((c) => (isPlainObject(c) ? c.method : undefined)));
    for (const gone of current.filter((c) => !kept.has(c.method))) {
      outcome.warnings.push(
        issue(
          at,
          `hình thức "${gone.method}" không còn sau thay đổi này (mảng "channels" thay thế mọi hình thức; muốn sửa một hình thức, hãy gửi đối tượng theo hình thức, ví dụ {"direct": {...}})`,
        ),
      );
    }
    return value;
  }
  if (!isPlainObject(value)) return value;
  const methods = Object.keys(value);
  const unknown = methods.filter((m) => !channelMethod.safeParse(m).success);
  for (const m of unknown) outcome.problems.push(issue(`${at}.${m}`, 'hình thức nộp phải là direct, online hoặc postal'));
  if (unknown.length) return undefined;
  const merged: unknown[] = current.flatMap((c) => (c.method in value ? (value[c.method] === null ? [] : [mergePatch(c, value[c.method])]) : [c]));
  for (const m of methods) {
    if (value[m] !== null && !current.some((c) => c.method === m)) merged.push(mergePatch({ method: m }, value[m]));
  }
  return merged;
}

/** Fees a dated batch sets apply from its effective date: new amounts without a start get it. */
function datedFees(before: Procedure, after: Procedure, effectiveDate: string): Procedure {
  const old = new Set(before.channels.flatMap((c) => c.fees.map((f) => `${c.method}:${JSON.stringify(f)}`)));
  return {
    ...after,
    channels: after.channels.map((c) => ({
      ...c,
      fees: c.fees.map((f) => (old.has(`${c.method}:${JSON.stringify(f)}`) || f.validFrom ? f : { ...f, validFrom: effectiveDate })),
    })),
  };
}
