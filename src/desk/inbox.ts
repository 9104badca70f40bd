import type { Catalog } from '../catalog/store.js';
import type { SessionStore } from '../dialog/sessions.js';
import { fill } from '../dossier/texts.js';
import type { Notifications } from '../notify/index.js';
import type { InboxRecord, InboxStatus, Repositories } from '../store/index.js';
import { type DeskTexts, loadDeskTexts } from './texts.js';

/**
 * The staff inbox (spec §3): questions and feedback people left, with the conversation that led
 * to them, read, assigned and answered by named staff. An answer reaches the person through the
 * one notification path, stored in the transaction that marks the item answered (a
 * compare-and-set on its status), so it is sent once however many staff press "Gửi" together,
 * and a restart between the answer and the person's next poll loses and repeats nothing.
 * The HTTP routes write every list, assignment and answer to the staff audit with the person.
 */

export type SessionChannel = 'telegram' | 'zalo' | 'web' | 'api';

/** The channel a session id belongs to (`tg:`, `zalo:`, `web:`; anything else came through the API). */
export function channelOfSession(sessionId: string): SessionChannel {
  if (sessionId.startsWith('tg:')) return 'telegram';
  if (sessionId.startsWith('zalo:')) return 'zalo';
  if (sessionId.startsWith('web:')) return 'web';
  return 'api';
}

export interface InboxItemView {
  id: number;
  kind: InboxRecord['kind'];
  text: string;
  procedure: { code: string; name: string } | null;
  channel: SessionChannel;
  createdAt: string;
  status: InboxStatus;
  statusLabel: string;
  assignee: string | null;
  answeredBy: string | null;
  answer: string | null;
  answeredAt: string | null;
  /** The answer the citizen's platform refused (Zalo's 7-day window closed…): staff must reach them another way. Null otherwise. */
  delivery: { delivered: false; reason: string; at: string } | null;
  /** Minutes since the item was left. */
  ageMinutes: number;
  /** Not answered within INBOX_OVERDUE_HOURS. */
  overdue: boolean;
  conversation: Array<{ role: string; text: string }>;
}

export type AnswerOutcome = 'answered' | 'already_answered' | 'not_found';

export interface StaffInbox {
  list(status: InboxStatus | undefined): Promise<InboxItemView[]>;
  /** Gives the item to `assignee` (the person by default); undefined when unknown. */
  assign(id: number, person: string, assignee?: string): Promise<InboxItemView | undefined>;
  answer(id: number, text: string, person: string): Promise<{ outcome: AnswerOutcome; item?: InboxItemView }>;
  /** Forgets up to `limit` items older than the retention; returns how many. */
  purge(limit: number): Promise<number>;
}

export interface StaffInboxDeps {
  repositories: Repositories;
  notifications: Notifications;
  /** The conversation the answer is added to, so it shows in the person's history. */
  sessions: SessionStore;
  catalog: Catalog;
  overdueMs: number;
  retentionMs: number;
  now?: () => number;
  texts?: DeskTexts;
}

/** Items in one list: open ones oldest first (the longest waiting on top), answered ones newest first. */
const LIST_LIMIT = 200;
/** The answer's mark and its notice are written in one transaction: their times differ by far less than this. */
const ANSWER_TO_NOTICE_MS = 5_000;
/** A person's refused staff answers looked through for one item's (newest first). */
const REFUSALS_LOOKED_AT = 20;

export function createStaffInbox(deps: StaffInboxDeps): StaffInbox {
  const { repositories: r } = deps;
  const now = deps.now ?? Date.now;
  const texts = deps.texts ?? loadDeskTexts();

  function view(item: InboxRecord): InboxItemView {
    const age = now() - Date.parse(item.createdAt);
    const procedure = item.procedureCode ? deps.catalog.get(item.procedureCode) : undefined;
    let conversation: InboxItemView['conversation'] = [];
    try {
      const parsed = JSON.parse(item.conversation) as unknown;
      if (Array.isArray(parsed))
        conversation = parsed.filter((t) => t && typeof t.text === 'string').map((t) => ({ role: String(t.role), text: t.text as string }));
    } catch {
      // A damaged conversation is shown as none; the item itself is still answerable.
    }
    return {
      id: item.id,
      kind: item.kind,
      text: item.text,
      procedure: item.procedureCode ? { code: item.procedureCode, name: procedure?.name ?? '' } : null,
      channel: channelOfSession(item.sessionId),
      createdAt: item.createdAt,
      status: item.status,
      statusLabel: texts.inboxStatuses[item.status],
      assignee: item.assignee,
      answeredBy: item.answeredBy,
      answer: item.answer,
      answeredAt: item.answeredAt,
      delivery: null,
      ageMinutes: Math.max(0, Math.floor(age / 60_000)),
      overdue: item.status !== 'answered' && age > deps.overdueMs,
      conversation,
    };
  }

  /** The staff notice to the session that its platform refused, if one was this answer's (enqueued with it). */
  async function refusedDelivery(item: InboxRecord): Promise<InboxItemView['delivery']> {
    if (!item.answeredAt) return null;
    const answeredMs = Date.parse(item.answeredAt);
    const refusals = await r.notices.undeliverable(REFUSALS_LOOKED_AT, { sessionId: item.sessionId, source: 'staff' });
    const refused = refusals.find((n) => Math.abs(n.createdAt - answeredMs) <= ANSWER_TO_NOTICE_MS);
    if (!refused) return null;
    return { delivered: false, reason: refused.reason, at: new Date(refused.recordedAt).toISOString() };
  }

  return {
    async list(status) {
      const open = status === 'new' || status === 'assigned';
      const items = await r.inbox.byStatus(status, LIST_LIMIT, open ? 'oldest' : 'newest');
      return Promise.all(items.map(async (item) => ({ ...view(item), delivery: await refusedDelivery(item) })));
    },
    async assign(id, person, assignee) {
      const item = await r.inbox.assign(id, assignee ?? person);
      return item && view(item);
    },
    async answer(id, text, person) {
      const item = await r.inbox.get(id);
      if (!item) return { outcome: 'not_found' };
      const message = {
        text: fill(item.kind === 'feedback' ? texts.citizen.feedback : texts.citizen.staffQuestion, { id, answer: text }),
        suggestions: texts.citizen.suggestions,
      };
      const at = new Date(now()).toISOString();
      // The mark and the message in one transaction: neither exists without the other.
      const outcome = await r.transaction(async (tx) => {
        const marked = await tx.inbox.answer(id, { text, by: person, at });
        if (marked === 'answered') await deps.notifications.enqueue([{ sessionId: item.sessionId, message }], 'staff', tx);
        return marked;
      });
      if (outcome === 'answered') {
        // The conversation history shows the answer too, so "còn …" after it has its context.
        const state = await deps.sessions.get(item.sessionId);
        await deps.sessions.save(item.sessionId, { ...state, recent: [...state.recent, { role: 'assistant', text: message.text.slice(0, 500) }] });
      }
      const after = await r.inbox.get(id);
      return { outcome, item: after && view(after) };
    },
    purge: (limit) => r.inbox.purge(new Date(now() - deps.retentionMs).toISOString(), limit),
  };
}
