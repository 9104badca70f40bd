import type pino from 'pino';
import type { OutboundMessage, Pusher } from '../channels/types.js';
import type { Config } from '../config.js';
import { type Notifications, type StoredMessage, createNotifications } from '../notify/index.js';
import type { Fingerprint, Repositories } from '../store/index.js';
import { fold } from '../text/index.js';
import { extractReceiptCode } from './code.js';
import { fingerprintOf, createNotifier, jittered } from './notifier.js';
import { type RateLimiter, createRateLimiter } from './rate-limit.js';
import { createDossierRegistry } from './registry.js';
import {
  buildPublicView,
  type DossierFacet,
  formatDate,
  nextStep,
  procedureName,
  publicRecord,
  renderFacet,
  renderReply,
  type PublicDossierView,
  type RenderContext,
} from './render.js';
import { finalStatuses, type DossierRecord } from './schema.js';
import { DossierUnavailableError, type DossierSource } from './source.js';
import { fill, loadDossierTexts, type DossierTexts } from './texts.js';
import { createUpstreamSource, type UpstreamOptions } from './upstream.js';

export { createOutboxPusher } from '../notify/index.js';
export type { DossierFacet, PublicDossierView } from './render.js';

export interface DossierAnswer {
  kind: 'found' | 'not_found' | 'unavailable' | 'rate_limited';
  reply: string;
  suggestions: string[];
  code: string;
  procedureCode?: string;
  procedureName?: string;
  status?: number;
}

export interface Reply {
  reply: string;
  suggestions: string[];
}

/** A view for the HTTP API: the data when found, otherwise why not and the citizen's message. */
export type ViewResult<T> =
  | { kind: 'found'; view: T }
  | { kind: 'malformed' | 'not_found' | 'unavailable' | 'rate_limited' | 'forbidden'; message: string; retryAfterMs?: number };

/** Who opens a staff view, as the audit names them; `agency` set: only that agency's dossiers. */
export interface StaffViewer {
  id: string;
  name: string;
  agency: string | null;
  address: string;
}

export interface DossierService {
  lookup(code: string, ctx: { clientKey: string }): Promise<DossierAnswer>;
  malformedReply(): Reply;
  askForCodeReply(): Reply;
  /** Only part of a code was typed: ask for all of it and say where it is printed. */
  partialCodeReply(digits: string): Reply;
  /** Late, and no code at hand: the citizen's rights, then the request for the code. */
  lateReply(): Reply;
  /**
   * A follow-up about a dossier this session already looked up (so not rate-limited again):
   * one facet of it, answered from the record.
   */
  followUp(code: string, facet: DossierFacet): Promise<DossierAnswer>;
  subscribe(sessionId: string, code: string, ctx: { clientKey: string }): Promise<Reply>;
  unsubscribe(sessionId: string, code?: string): Promise<Reply>;
  subscriptionsOf(sessionId: string): Promise<string[]>;
  /** Masked view for citizens; rate-limited when a client key is given. */
  publicView(code: string, ctx?: { clientKey: string }): Promise<ViewResult<PublicDossierView>>;
  /**
   * The full record, plus `TomTat`: what the citizen is told, for staff to read out on the phone.
   * A viewer of one agency sees only the dossiers that agency handles (`DonViXuLy`), else
   * `forbidden`. Every call is written to the access audit with the person and address.
   */
  staffView(code: string, viewer: StaffViewer): Promise<ViewResult<DossierRecord & { TomTat: string }>>;
  takeMessages(sessionId: string): Promise<StoredMessage[]>;
  startPolling(): void;
  stopPolling(): Promise<void>;
  /** Polls every followed code now and delivers; returns how many notifications were queued. */
  pollOnce(): Promise<number>;
  close(): Promise<void>;
  readonly texts: DossierTexts;
}

export interface DossierServiceDeps {
  repositories: Repositories;
  config: Config;
  logger: pino.Logger;
  pushers: Pusher[];
  /** The shared notification path; made from `pushers` when not given. */
  notifications?: Notifications;
  /** Lookups per client (DOSSIER_LOOKUPS_PER_10_MIN); in-process when not given. */
  lookupLimiter?: RateLimiter;
  /** Defaults to the upstream when DOSSIER_API_URL is set, else the reference registry in the store. */
  source?: DossierSource;
  now?: () => number;
  /** Told of each failed upstream lookup (metrics). */
  onUpstreamFailure?: UpstreamOptions['onFailure'];
}

const TEN_MINUTES = 10 * 60_000;
const viewStatus = { found: 200, malformed: 400, forbidden: 403, not_found: 404, unavailable: 503 } as const;

/** The same agency written as the dossier system writes it: case, marks and spacing aside (data, not a likeness of names). */
const sameAgency = (a: string, b: string) => fold(a) === fold(b);

export function createDossierService(deps: DossierServiceDeps): DossierService {
  const { repositories, config } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.logger.child({ component: 'dossier' });
  const texts = loadDossierTexts();
  const source = deps.source ?? defaultSource(deps);
  const limiter = deps.lookupLimiter ?? createRateLimiter({ limit: config.DOSSIER_LOOKUPS_PER_10_MIN, windowMs: TEN_MINUTES, now });
  const store = repositories.subscriptions;
  const notifications = deps.notifications ?? createNotifications({ repositories, pushers: deps.pushers, logger: deps.logger });
  const renderContext = (): RenderContext => ({ texts, hotline: config.HOTLINE, now: now() });
  const withCode = (list: string[], code: string) => list.map((s) => fill(s, { code }));

  type Fetched = { kind: 'found'; record: DossierRecord } | { kind: 'not_found' | 'unavailable' };
  async function fetchRecord(code: string): Promise<Fetched> {
    try {
      const record = await source.get(code);
      return record ? { kind: 'found', record } : { kind: 'not_found' };
    } catch (error) {
      if (!(error instanceof DossierUnavailableError)) log.error({ err: error }, 'dossier source failed unexpectedly');
      return { kind: 'unavailable' };
    }
  }

  function refusal(kind: 'not_found' | 'unavailable' | 'rate_limited', code: string, retryAfterMs = 0): Reply {
    const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
    const template = { not_found: texts.messages.notFound, unavailable: texts.messages.unavailable, rate_limited: texts.messages.rateLimited }[kind];
    const suggestions = {
      not_found: texts.suggestions.notFound,
      unavailable: texts.suggestions.unavailable,
      rate_limited: texts.suggestions.rateLimited,
    }[kind];
    return { reply: fill(template, { code, hotline: config.HOTLINE, minutes }), suggestions };
  }

  /** Normalises, rate-limits and fetches: the common path of every citizen-facing lookup. */
  async function citizenFetch(
    input: string,
    clientKey?: string,
  ): Promise<
    | { kind: 'found'; code: string; record: DossierRecord }
    | { kind: 'malformed' }
    | { kind: 'not_found' | 'unavailable' | 'rate_limited'; code: string; retryAfterMs: number }
  > {
    const code = extractReceiptCode(input);
    if (!code) return { kind: 'malformed' };
    if (clientKey !== undefined) {
      const { allowed, retryAfterMs } = await limiter.take(clientKey);
      if (!allowed) return { kind: 'rate_limited', code, retryAfterMs };
    }
    const fetched = await fetchRecord(code);
    return fetched.kind === 'found' ? { kind: 'found', code, record: publicRecord(fetched.record) } : { kind: fetched.kind, code, retryAfterMs: 0 };
  }

  function describeChange(upstream: DossierRecord, previous: Fingerprint): OutboundMessage {
    const record = publicRecord(upstream);
    const current = fingerprintOf(record);
    const vars = { code: record.MaHoSo, procedure: procedureName(record) || texts.reply.unknownProcedure };
    const parts =
      current.status !== previous.status
        ? [
            fill(texts.messages.notificationStatus, {
              ...vars,
              label: texts.statuses[current.status as DossierRecord['TrangThaiHoSo']].label,
              next: nextStep(record, renderContext()),
            }),
          ]
        : [fill(texts.messages.notificationDue, { ...vars, due: current.due ? formatDate(current.due) : texts.reply.noDate })];
    const final = finalStatuses.has(record.TrangThaiHoSo);
    if (final) parts.push(texts.messages.notificationEnded);
    return { text: parts.join('\n'), suggestions: withCode(final ? texts.suggestions.unsubscribed : texts.suggestions.notification, record.MaHoSo) };
  }

  function malformedReply(): Reply {
    return { reply: fill(texts.messages.malformed, { hotline: config.HOTLINE }), suggestions: texts.suggestions.malformed };
  }

  const notifier = createNotifier({
    repositories,
    source,
    notifications,
    logger: deps.logger,
    intervalMs: config.DOSSIER_POLL_INTERVAL_MS,
    now,
    describe: describeChange,
  });

  return {
    texts,
    async lookup(input, ctx) {
      const result = await citizenFetch(input, ctx.clientKey);
      if (result.kind === 'malformed') return { kind: 'not_found', code: input.trim(), ...malformedReply() };
      if (result.kind !== 'found') return { kind: result.kind, code: result.code, ...refusal(result.kind, result.code, result.retryAfterMs) };
      const { record, code } = result;
      return {
        kind: 'found',
        code,
        reply: renderReply(record, renderContext()),
        suggestions: finalStatuses.has(record.TrangThaiHoSo) ? texts.suggestions.foundEnded : texts.suggestions.found,
        procedureCode: record.MaTTHC || undefined,
        procedureName: record.TenTTHC || undefined,
        status: Number(record.TrangThaiHoSo),
      };
    },
    malformedReply,
    askForCodeReply: () => ({ reply: fill(texts.messages.askForCode, { hotline: config.HOTLINE }), suggestions: texts.suggestions.askForCode }),
    partialCodeReply: (digits) => ({ reply: fill(texts.messages.partialCode, { digits }), suggestions: texts.suggestions.askForCode }),
    lateReply: () => ({ reply: fill(texts.messages.lateNoCode, { hotline: config.HOTLINE }), suggestions: texts.suggestions.lateNoCode }),
    async followUp(code, facet) {
      const fetched = await fetchRecord(code);
      if (fetched.kind !== 'found') return { kind: fetched.kind, code, ...refusal(fetched.kind, code) };
      const record = publicRecord(fetched.record);
      const ended = finalStatuses.has(record.TrangThaiHoSo);
      return {
        kind: 'found',
        code,
        reply: renderFacet(record, facet, renderContext()),
        suggestions: ended ? texts.suggestions.foundEnded : texts.suggestions.focus,
        procedureCode: record.MaTTHC || undefined,
        procedureName: record.TenTTHC || undefined,
        status: Number(record.TrangThaiHoSo),
      };
    },
    async subscribe(sessionId, input, ctx) {
      const result = await citizenFetch(input, ctx.clientKey);
      if (result.kind === 'malformed') return malformedReply();
      if (result.kind !== 'found') return refusal(result.kind, result.code, result.retryAfterMs);
      const { record, code } = result;
      if (finalStatuses.has(record.TrangThaiHoSo)) {
        const label = texts.statuses[record.TrangThaiHoSo].label;
        return { reply: fill(texts.messages.subscribeEnded, { code, label }), suggestions: withCode(texts.suggestions.unsubscribed, code) };
      }
      const added = await store.add(sessionId, code, fingerprintOf(record), jittered(now(), config.DOSSIER_POLL_INTERVAL_MS), now());
      const template = added ? texts.messages.subscribed : texts.messages.alreadySubscribed;
      return { reply: fill(template, { code }), suggestions: withCode(texts.suggestions.subscribed, code) };
    },
    async unsubscribe(sessionId, input) {
      const code = input === undefined ? undefined : (extractReceiptCode(input) ?? input.trim());
      const removed = await store.remove(sessionId, code);
      if (code) {
        const template = removed ? texts.messages.unsubscribed : texts.messages.notSubscribedCode;
        return { reply: fill(template, { code }), suggestions: removed ? withCode(texts.suggestions.unsubscribed, code) : [] };
      }
      const reply = removed ? fill(texts.messages.unsubscribedAll, { count: removed }) : texts.messages.notSubscribed;
      return { reply, suggestions: [] };
    },
    subscriptionsOf: (sessionId) => store.codesOf(sessionId),
    async publicView(input, ctx) {
      const result = await citizenFetch(input, ctx?.clientKey);
      if (result.kind === 'malformed') return { kind: 'malformed', message: malformedReply().reply };
      if (result.kind !== 'found')
        return { kind: result.kind, message: refusal(result.kind, result.code, result.retryAfterMs).reply, retryAfterMs: result.retryAfterMs };
      return { kind: 'found', view: buildPublicView(result.record, renderContext()) };
    },
    async staffView(input, viewer) {
      const code = extractReceiptCode(input);
      const fetched = code ? await fetchRecord(code) : { kind: 'malformed' as const };
      const otherAgency = fetched.kind === 'found' && viewer.agency !== null && !sameAgency(fetched.record.DonViXuLy, viewer.agency);
      const kind = otherAgency ? 'forbidden' : fetched.kind;
      await repositories.access.audit({
        at: new Date(now()).toISOString(),
        actor: viewer.id,
        person: viewer.name,
        address: viewer.address,
        action: 'dossier.view',
        target: code ?? input.slice(0, 100),
        status: viewStatus[kind],
      });
      if (kind === 'forbidden') return { kind, message: fill(texts.errors.otherAgency, { agency: viewer.agency ?? '' }) };
      if (fetched.kind === 'found') return { kind: 'found', view: { ...fetched.record, TomTat: renderReply(fetched.record, renderContext()) } };
      if (fetched.kind === 'malformed') return { kind: 'malformed', message: malformedReply().reply };
      return { kind: fetched.kind, message: refusal(fetched.kind, code!).reply };
    },
    takeMessages: (sessionId) => notifications.take(sessionId),
    startPolling: () => notifier.start(),
    stopPolling: () => notifier.stop(),
    pollOnce: () => notifier.pollOnce(),
    close: () => notifier.stop(),
  };
}

function defaultSource({ repositories, config, logger, onUpstreamFailure }: DossierServiceDeps): DossierSource {
  if (!config.DOSSIER_API_URL) return createDossierRegistry(repositories);
  return createUpstreamSource({
    baseUrl: config.DOSSIER_API_URL,
    token: config.DOSSIER_API_TOKEN,
    timeoutMs: config.DOSSIER_TIMEOUT_MS,
    logger,
    onFailure: onUpstreamFailure,
  });
}
