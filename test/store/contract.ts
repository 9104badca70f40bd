import { afterEach, describe, expect, it } from 'vitest';
import { OUTBOX, type NoticeInput, type Repositories } from '../../src/store/index.js';

/**
 * One behaviour suite per repository interface, for every storage backend: a backend passes a
 * factory that gives fresh, empty repositories (and a way to reopen the same store, which is
 * how "survives a restart" is checked). `sqlite.test.ts` runs them on SQLite.
 */
export interface StorageFactory {
  name: string;
  /** A fresh store; `reopen` gives new repositories over the same data. */
  make(): Promise<{ repositories: Repositories; reopen(): Promise<Repositories>; close(): Promise<void> }>;
}

function setup(factory: StorageFactory) {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  return async () => {
    const made = await factory.make();
    closers.push(made.close);
    return made;
  };
}

export function sessionContract(factory: StorageFactory): void {
  describe(`sessions and inbox: ${factory.name}`, () => {
    const make = setup(factory);
    it('stores, replaces and purges session state', async () => {
      const { repositories, reopen } = await make();
      await repositories.sessions.put('web:1', '{"a":1}', 1000);
      await repositories.sessions.put('web:1', '{"a":2}', 2000);
      await repositories.sessions.put('web:2', '{}', 500);
      expect(await (await reopen()).sessions.get('web:1')).toEqual({ state: '{"a":2}', updatedAt: 2000 });
      expect(await repositories.sessions.purge(1000)).toBe(1);
      expect(await repositories.sessions.get('web:2')).toBeUndefined();
    });
    it('keeps inbox items in order with their conversation', async () => {
      const { repositories } = await make();
      const first = await repositories.inbox.add({ kind: 'feedback', sessionId: 's', text: 'tốt', conversation: '[]' });
      const second = await repositories.inbox.add({
        kind: 'staff_question',
        sessionId: 's',
        text: 'hỏi',
        conversation: '[{"role":"user","text":"x"}]',
      });
      expect(second).toBeGreaterThan(first);
      expect((await repositories.inbox.list(10)).map((i) => [i.kind, i.text])).toEqual([
        ['staff_question', 'hỏi'],
        ['feedback', 'tốt'],
      ]);
    });
  });
}

export function subscriptionContract(factory: StorageFactory): void {
  describe(`dossier subscriptions: ${factory.name}`, () => {
    const make = setup(factory);
    const seen = { status: '2', due: '2026-12-01' };
    it('adds once, lists, claims due codes and removes', async () => {
      const { repositories: r } = await make();
      expect(await r.subscriptions.add('web:a', 'C1', seen, 100, 1)).toBe(true);
      expect(await r.subscriptions.add('web:a', 'C1', seen, 100, 1)).toBe(false);
      await r.subscriptions.add('web:a', 'C2', seen, 300, 2);
      expect(await r.subscriptions.codesOf('web:a')).toEqual(['C1', 'C2']);
      expect(await r.subscriptions.claimDue(200, 1000, 10)).toEqual([{ code: 'C1', failures: 0 }]);
      await r.subscriptions.reschedule('C1', 500, 2);
      expect(await r.subscriptions.watched()).toEqual([
        { code: 'C1', failures: 2 },
        { code: 'C2', failures: 0 },
      ]);
      expect(await r.subscriptions.remove('web:a')).toBe(2);
      expect(await r.subscriptions.watched()).toEqual([]);
    });
    it('hands a due code to one poller until its lease runs out, a batch at a time', async () => {
      const { repositories: r, reopen } = await make();
      for (const code of ['C1', 'C2', 'C3']) await r.subscriptions.add('web:a', code, seen, 100, 1);
      const other = await reopen();
      const [first, second] = await Promise.all([r.subscriptions.claimDue(200, 1000, 2), other.subscriptions.claimDue(200, 1000, 2)]);
      expect([...first, ...second].map((c) => c.code).sort()).toEqual(['C1', 'C2', 'C3']);
      expect(await r.subscriptions.claimDue(1199, 1000, 10)).toEqual([]);
      // The poller died: past the lease, every code is due again.
      expect((await other.subscriptions.claimDue(1200, 1000, 10)).map((c) => c.code).sort()).toEqual(['C1', 'C2', 'C3']);
    });
    it('announces a change once per follower, and ends the watch when final', async () => {
      const { repositories: r } = await make();
      await r.subscriptions.add('web:a', 'C1', seen, 0, 1);
      await r.subscriptions.add('tg:1', 'C1', seen, 0, 1);
      const next = { status: '4', due: '2026-12-01' };
      const changed = await r.subscriptions.recordState('C1', next, false);
      expect(changed.map(({ sessionId, previous }) => `${sessionId}:${previous.status}`).sort()).toEqual(['tg:1:2', 'web:a:2']);
      expect(await r.subscriptions.recordState('C1', next, false)).toEqual([]);
      expect(await r.subscriptions.recordState('C1', { status: '10', due: '' }, true)).toHaveLength(2);
      expect(await r.subscriptions.codesOf('web:a')).toEqual([]);
      expect(await r.subscriptions.watched()).toEqual([]);
    });
  });
}

const notice = (sessionId: string, channel: string, text: string, createdAt = 1000): NoticeInput => ({
  sessionId,
  channel,
  source: 'dossier',
  text,
  suggestions: ['ok'],
  createdAt,
  expiresAt: createdAt + 10_000,
});

export function noticeContract(factory: StorageFactory): void {
  describe(`notices: ${factory.name}`, () => {
    const make = setup(factory);
    it('gives a session its outbox messages once, oldest first, and never another session’s', async () => {
      const { repositories: r } = await make();
      await r.notices.enqueue([notice('web:a', OUTBOX, 'một'), notice('web:b', OUTBOX, 'khác'), notice('web:a', OUTBOX, 'hai')]);
      expect((await r.notices.take('web:a', 2000)).map((n) => [n.text, n.suggestions])).toEqual([
        ['một', ['ok']],
        ['hai', ['ok']],
      ]);
      expect(await r.notices.take('web:a', 2000)).toEqual([]);
      expect(await r.notices.count('web:b')).toBe(1);
    });
    it('hands push notices out by due time, counts attempts, and gives a dead sender’s claim out again after its lease', async () => {
      const { repositories: r, reopen } = await make();
      await r.notices.enqueue([notice('tg:1', 'telegram', 'a', 1000), notice('web:x', OUTBOX, 'outbox'), notice('tg:2', 'telegram', 'b', 1500)]);
      expect(await r.notices.claimDue(999, 100)).toBeUndefined();
      const first = (await r.notices.claimDue(2000, 100))!;
      expect(first).toMatchObject({ text: 'a', state: 'sending', attempts: 1, channel: 'telegram' });
      const other = await reopen();
      expect(await other.notices.claimDue(2000, 100)).toMatchObject({ text: 'b', attempts: 1 });
      expect(await other.notices.claimDue(2099, 100)).toBeUndefined();
      // Neither sender confirmed: after the lease both are due again, the attempts counted.
      expect(await other.notices.claimDue(2100, 100)).toMatchObject({ id: first.id, state: 'sending', attempts: 2 });
      await r.notices.retryAt(first.id, 5000);
      const b = (await r.notices.claimDue(2200, 100))!;
      expect(b).toMatchObject({ text: 'b', attempts: 2 });
      await r.notices.markSent(b.id);
      expect(await r.notices.claimDue(4999, 100)).toBeUndefined();
      expect(await r.notices.claimDue(5000, 100)).toMatchObject({ text: 'a', state: 'sending', attempts: 3 });
    });
    it('never hands one notice to two senders at once', async () => {
      const { repositories: r, reopen } = await make();
      await r.notices.enqueue(Array.from({ length: 20 }, (_, i) => notice(`tg:${i}`, 'telegram', `n${i}`, 1000)));
      const senders = [r, await reopen(), await reopen()];
      const claimed: string[] = [];
      await Promise.all(
        senders.map(async (s) => {
          for (let n = await s.notices.claimDue(2000, 60_000); n; n = await s.notices.claimDue(2000, 60_000)) claimed.push(n.text);
        }),
      );
      expect(claimed.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`).sort());
    });
    it('records an undeliverable notice with its reason and removes it', async () => {
      const { repositories: r } = await make();
      await r.notices.enqueue([notice('zalo:1', 'zalo', 'a', 1000)]);
      const due = (await r.notices.claimDue(2000, 100))!;
      await r.notices.markUndeliverable(due.id, 'zalo -230', 3000);
      expect(await r.notices.claimDue(10_000, 100)).toBeUndefined();
      expect(await r.notices.count()).toBe(0);
      expect(await r.notices.undeliverable(10)).toEqual([
        { sessionId: 'zalo:1', channel: 'zalo', source: due.source, reason: 'zalo -230', createdAt: due.createdAt, recordedAt: 3000 },
      ]);
    });
    it('lists undeliverable notices of one session and source, newest first', async () => {
      const { repositories: r } = await make();
      const staff = (sessionId: string, text: string): NoticeInput => ({ ...notice(sessionId, 'zalo', text), source: 'staff' });
      await r.notices.enqueue([staff('zalo:1', 'a'), staff('zalo:2', 'b'), notice('zalo:1', 'zalo', 'c')]);
      for (let at = 3000; ; at += 1) {
        const due = await r.notices.claimDue(10_000, 100);
        if (!due) break;
        await r.notices.markUndeliverable(due.id, `refused ${due.text}`, at);
      }
      const refused = await r.notices.undeliverable(10, { sessionId: 'zalo:1', source: 'staff' });
      expect(refused.map((n) => n.reason)).toEqual(['refused a']);
      expect((await r.notices.undeliverable(10, { sessionId: 'zalo:1' })).map((n) => n.reason).sort()).toEqual(['refused a', 'refused c']);
      expect(await r.notices.undeliverable(10)).toHaveLength(3);
    });
    it('expires old notices in batches and never returns an expired one', async () => {
      const { repositories: r } = await make();
      await r.notices.enqueue([notice('web:a', OUTBOX, 'cũ', 0), notice('web:a', OUTBOX, 'cũ 2', 0), notice('web:a', OUTBOX, 'mới', 50_000)]);
      expect((await r.notices.take('web:a', 20_000)).map((n) => n.text)).toEqual(['mới']);
      await r.notices.enqueue([notice('tg:1', 'telegram', 'cũ', 0), notice('tg:1', 'telegram', 'cũ', 0), notice('tg:1', 'telegram', 'cũ', 0)]);
      expect(await r.notices.expire(20_000, 2)).toBe(2);
      expect(await r.notices.expire(20_000, 2)).toBe(1);
      expect(await r.notices.count()).toBe(0);
    });
  });
}

export function accessContract(factory: StorageFactory): void {
  describe(`tokens and audit: ${factory.name}`, () => {
    const make = setup(factory);
    it('finds an active token by its hash only, lists and revokes tokens, and keeps the audit in order', async () => {
      const { repositories: r } = await make();
      const token = {
        hash: 'h1',
        name: 'Nguyễn Thị Hoa',
        role: 'staff' as const,
        agency: 'UBND xã Tân An',
        scope: [],
        createdAt: '2026-01-01T00:00:00Z',
      };
      const id = await r.access.createToken(token);
      const row = {
        id,
        name: 'Nguyễn Thị Hoa',
        role: 'staff',
        agency: 'UBND xã Tân An',
        scope: [],
        createdAt: '2026-01-01T00:00:00Z',
        revokedAt: null,
      };
      expect(await r.access.tokenByHash('h1')).toEqual(row);
      expect(await r.access.tokenByHash('h2')).toBeUndefined();
      await expect(async () => r.access.createToken({ ...token, name: 'x' })).rejects.toThrow();
      const admin = await r.access.createToken({
        hash: 'h3',
        name: 'Lê Văn Bộ',
        role: 'admin',
        agency: 'Bộ Tư pháp',
        scope: ['1.001193', 'Hộ tịch'],
        createdAt: 't',
      });
      const integration = await r.access.createToken({ hash: 'h4', name: 'Cổng tỉnh', role: 'integration', agency: null, scope: [], createdAt: 't' });
      expect(await r.access.tokenByHash('h4')).toMatchObject({ id: integration, agency: null });
      expect(await r.access.revokeToken(admin, '2026-02-01T00:00:00Z')).toBe(true);
      expect(await r.access.revokeToken(admin, '2026-02-02T00:00:00Z')).toBe(false);
      expect(await r.access.revokeToken(999, 't')).toBe(false);
      expect(await r.access.tokenByHash('h3')).toBeUndefined();
      expect((await r.access.listTokens()).map((t) => [t.id, t.scope, t.revokedAt])).toEqual([
        [id, [], null],
        [admin, ['1.001193', 'Hộ tịch'], '2026-02-01T00:00:00Z'],
        [integration, [], null],
      ]);
      const entry = { at: 't1', actor: 'token:1', person: 'Nguyễn Thị Hoa', address: '10.0.0.7', action: 'dossier.view', target: 'C', status: 200 };
      await r.access.audit(entry);
      await r.access.audit({ ...entry, at: 't2', actor: '', person: '', action: 'GET /api/v1/staff/dossiers/:receiptCode', target: '', status: 401 });
      expect(await r.access.auditLog(10)).toEqual([expect.objectContaining({ at: 't2', status: 401 }), entry]);
    });
  });
}

export function issuedSessionsContract(factory: StorageFactory): void {
  describe(`issued session ids: ${factory.name}`, () => {
    const make = setup(factory);
    it('claims only ids it issued, and forgets ids unused for long', async () => {
      const { repositories: r } = await make();
      await r.issuedSessions.issue('web:a', 100);
      await r.issuedSessions.issue('api:b', 100);
      expect(await r.issuedSessions.claim('web:a', 500)).toBe(true);
      expect(await r.issuedSessions.claim('demo', 500)).toBe(false);
      expect(await r.issuedSessions.purge(200)).toBe(1);
      expect(await r.issuedSessions.claim('api:b', 600)).toBe(false);
      expect(await r.issuedSessions.claim('web:a', 600)).toBe(true);
    });
  });
}

export function channelStateContract(factory: StorageFactory): void {
  describe(`channel state: ${factory.name}`, () => {
    const make = setup(factory);
    it('sees an update once per bot, keeps callbacks, prunes both by age', async () => {
      const { repositories: r } = await make();
      expect(await r.channelState.markSeen(1, 10, 100)).toBe(true);
      expect(await r.channelState.markSeen(1, 10, 200)).toBe(false);
      expect(await r.channelState.markSeen(2, 10, 200)).toBe(true);
      await r.channelState.putCallback('abc', 'Xem thêm', 100);
      expect(await r.channelState.callbackText('abc')).toBe('Xem thêm');
      await r.channelState.prune(150, 150);
      expect(await r.channelState.callbackText('abc')).toBeUndefined();
      expect(await r.channelState.markSeen(1, 10, 300)).toBe(true);
    });
    it('remembers string event ids per channel across a reopen, and a channel’s credentials', async () => {
      const { repositories: r, reopen } = await make();
      const big = '9007199254740993123';
      expect(await r.channelState.markEventSeen('zalo', big, 100)).toBe(true);
      expect(await r.channelState.markEventSeen('zalo', '9007199254740993124', 100)).toBe(true);
      expect(await r.channelState.markEventSeen('other', big, 100)).toBe(true);
      const again = await reopen();
      expect(await again.channelState.markEventSeen('zalo', big, 200)).toBe(false);
      await again.channelState.pruneEvents('zalo', 150);
      expect(await again.channelState.markEventSeen('zalo', big, 300)).toBe(true);
      expect(await again.channelState.markEventSeen('other', big, 300)).toBe(false);
      expect(await again.channelState.credentials('zalo:1')).toBeUndefined();
      await again.channelState.putCredentials('zalo:1', '{"a":1}', 100);
      await again.channelState.putCredentials('zalo:1', '{"a":2}', 200);
      expect(await (await reopen()).channelState.credentials('zalo:1')).toBe('{"a":2}');
    });
  });
}

export function catalogChangeContract(factory: StorageFactory): void {
  describe(`catalog changes: ${factory.name}`, () => {
    const make = setup(factory);
    const row = (version: number) => ({ version, appliedAt: `2026-03-0${version}T00:00:00Z`, author: 'env:admin', batch: '{}', summaries: '[]' });
    it('keeps batches in order and fans a job out to recent interest in session order, by cursor', async () => {
      const { repositories: r, reopen } = await make();
      for (const [s, at] of [
        ['web:c', 500],
        ['web:a', 500],
        ['web:b', 10],
        ['tg:1', 600],
      ] as const)
        await r.catalogChanges.recordInterest(s, 'P1', at);
      await r.catalogChanges.recordInterest('web:z', 'P2', 500);
      await r.catalogChanges.append(row(1), [{ code: 'P1', since: 100, text: 'đổi', suggestions: ['x'] }]);
      await r.catalogChanges.append(row(2), []);
      expect((await r.catalogChanges.all()).map((b) => b.version)).toEqual([1, 2]);
      expect((await r.catalogChanges.latest(1)).map((b) => b.version)).toEqual([2]);
      expect(await r.catalogChanges.count()).toBe(2);
      const [job] = await r.catalogChanges.pendingJobs();
      expect(job).toMatchObject({ code: 'P1', cursor: '', text: 'đổi', suggestions: ['x'] });
      expect(await r.transaction(async (tx) => (await tx.catalogChanges.lock(), tx.catalogChanges.job(job.id)))).toEqual(job);
      expect(await r.catalogChanges.audience(job, 2)).toEqual(['tg:1', 'web:a']);
      await r.catalogChanges.advance(job.id, 'web:a');
      const [resumed] = await (await reopen()).catalogChanges.pendingJobs();
      expect(await r.catalogChanges.audience(resumed, 2)).toEqual(['web:c']);
      await r.catalogChanges.advance(job.id, null);
      expect(await r.catalogChanges.pendingJobs()).toEqual([]);
      await r.catalogChanges.pruneInterest(550);
      expect(await r.catalogChanges.audience({ ...job, cursor: '' }, 10)).toEqual(['tg:1']);
    });
  });
}

export function dossierRegistryContract(factory: StorageFactory): void {
  describe(`reference dossier registry: ${factory.name}`, () => {
    const make = setup(factory);
    it('stores, replaces and lists records by code', async () => {
      const { repositories: r } = await make();
      await r.dossierRegistry.put('B', '{"v":1}', 1);
      await r.dossierRegistry.put('A', '{"v":1}', 1);
      await r.dossierRegistry.put('B', '{"v":2}', 2);
      expect(await r.dossierRegistry.get('B')).toBe('{"v":2}');
      expect(await r.dossierRegistry.get('C')).toBeUndefined();
      expect(await r.dossierRegistry.count()).toBe(2);
      expect(await r.dossierRegistry.codes()).toEqual(['A', 'B']);
    });
  });
}

export function transactionContract(factory: StorageFactory): void {
  describe(`transactions: ${factory.name}`, () => {
    const make = setup(factory);
    it('applies all of a unit of work or none of it', async () => {
      const { repositories: r } = await make();
      await expect(
        r.transaction(async (tx) => {
          await tx.notices.enqueue([notice('web:a', OUTBOX, 'x')]);
          await tx.catalogChanges.advance(1, null);
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect(await r.notices.count()).toBe(0);
      expect(await r.transaction(async (tx) => (await tx.notices.enqueue([notice('web:a', OUTBOX, 'y')]), tx.notices.count()))).toBe(1);
      expect(await r.notices.count()).toBe(1);
    });
    it('keeps a unit of work apart from calls made while it runs', async () => {
      const { repositories: r } = await make();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const failed = r.transaction(async (tx) => {
        await tx.notices.enqueue([notice('web:a', OUTBOX, 'rolled back')]);
        await gate;
        throw new Error('stop');
      });
      // Made outside the transaction while it is open: neither part of it nor lost with it.
      const outside = r.notices.enqueue([notice('web:b', OUTBOX, 'kept')]);
      const other = r.transaction(async (tx) => tx.notices.enqueue([notice('web:c', OUTBOX, 'kept too')]));
      release();
      await expect(failed).rejects.toThrow('stop');
      await Promise.all([outside, other]);
      expect(await r.notices.count('web:a')).toBe(0);
      expect(await r.notices.count('web:b')).toBe(1);
      expect(await r.notices.count('web:c')).toBe(1);
    });
  });
}

export function deskContract(factory: StorageFactory): void {
  describe(`staff inbox and turn log: ${factory.name}`, () => {
    const make = setup(factory);
    const answer = (by: string) => ({ text: `trả lời của ${by}`, by, at: '2026-11-20T03:00:00.000Z' });
    it('moves an item new → assigned → answered once, across a reopen', async () => {
      const { repositories: r, reopen } = await make();
      const id = await r.inbox.add({ kind: 'staff_question', sessionId: 'web:a', text: 'hỏi', conversation: '[]', procedureCode: '1.001193' });
      expect(await r.inbox.get(id)).toMatchObject({ status: 'new', assignee: null, answeredBy: null, procedureCode: '1.001193' });
      expect(await r.inbox.assign(id, 'Lan')).toMatchObject({ status: 'assigned', assignee: 'Lan' });
      expect((await r.inbox.byStatus('assigned', 10)).map((i) => i.id)).toEqual([id]);
      expect(await r.inbox.byStatus('new', 10)).toEqual([]);
      const later = await r.inbox.add({ kind: 'feedback', sessionId: 'web:b', text: 'sau', conversation: '[]' });
      expect((await r.inbox.byStatus(undefined, 10)).map((i) => i.id)).toEqual([later, id]);
      expect((await r.inbox.byStatus(undefined, 10, 'oldest')).map((i) => i.id)).toEqual([id, later]);
      expect((await r.inbox.byStatus('new', 10, 'oldest')).map((i) => i.id)).toEqual([later]);
      expect(await r.inbox.answer(id, answer('Minh'))).toBe('answered');
      expect(await r.inbox.answer(id, answer('Lan'))).toBe('already_answered');
      expect(await r.inbox.answer(id + 99, answer('Lan'))).toBe('not_found');
      const again = await reopen();
      expect(await again.inbox.get(id)).toMatchObject({ status: 'answered', assignee: 'Lan', answeredBy: 'Minh', answer: 'trả lời của Minh' });
      // An answered item is not taken back by an assignment.
      expect(await again.inbox.assign(id, 'Hoa')).toMatchObject({ status: 'answered', assignee: 'Lan' });
      expect(await again.inbox.assign(id + 99, 'Hoa')).toBeUndefined();
    });
    it('gives an unassigned item to the person answering it, and purges by age', async () => {
      const { repositories: r } = await make();
      const id = await r.inbox.add({ kind: 'feedback', sessionId: 'tg:1', text: 'góp ý', conversation: '[]' });
      expect(await r.inbox.answer(id, answer('Minh'))).toBe('answered');
      expect(await r.inbox.get(id)).toMatchObject({ assignee: 'Minh', answeredBy: 'Minh', procedureCode: null });
      expect(await r.inbox.purge('2000-01-01T00:00:00.000Z', 10)).toBe(0);
      expect(await r.inbox.purge('2999-01-01T00:00:00.000Z', 10)).toBe(1);
      expect(await r.inbox.get(id)).toBeUndefined();
    });
    it('counts turns by day, procedure and intent, lists the unsure ones, and purges old ones', async () => {
      const { repositories: r } = await make();
      const turn = (
        day: string,
        at: number,
        intent: string,
        confidence: number,
        outcome: 'answered' | 'clarified' | 'unanswered' | 'out_of_scope',
        procedureCode: string | null = null,
      ) => r.turns.record({ at, day, channel: 'web', intent, confidence, procedureCode, outcome, text: `${intent} ${at}`, action: outcome });
      await turn('2026-11-01', 1000, 'fees', 0.9, 'answered', '1.001193');
      await turn('2026-11-01', 1100, 'fees', 0.3, 'clarified');
      await turn('2026-11-02', 2000, 'documents', 0.8, 'answered', '1.001193');
      await turn('2026-11-02', 2100, 'out_of_scope', 0.2, 'out_of_scope');
      await turn('2026-11-05', 5000, 'fees', 0.9, 'answered', '1.000656');
      const counts = await r.turns.counts('2026-11-01', '2026-11-02', 5);
      expect(counts.byDay).toEqual([
        { day: '2026-11-01', outcome: 'answered', count: 1 },
        { day: '2026-11-01', outcome: 'clarified', count: 1 },
        { day: '2026-11-02', outcome: 'answered', count: 1 },
        { day: '2026-11-02', outcome: 'out_of_scope', count: 1 },
      ]);
      expect(counts.procedures).toEqual([{ code: '1.001193', count: 2 }]);
      expect(counts.intents).toEqual([
        { intent: 'fees', count: 2 },
        { intent: 'documents', count: 1 },
        { intent: 'out_of_scope', count: 1 },
      ]);
      expect((await r.turns.entries('2026-11-01', '2026-11-30', { belowConfidence: 0.5, limit: 10 })).map((t) => t.text)).toEqual([
        'fees 1100',
        'out_of_scope 2100',
      ]);
      expect(await r.turns.entries('2026-11-01', '2026-11-30', { limit: 2 })).toHaveLength(2);
      expect(await r.turns.purge(2050, 2)).toBe(2);
      expect(await r.turns.purge(2050, 2)).toBe(1);
      expect((await r.turns.entries('2026-11-01', '2026-11-30', { limit: 10 })).map((t) => t.at)).toEqual([2100, 5000]);
    });
  });
}

export function healthContract(factory: StorageFactory): void {
  describe(`health: ${factory.name}`, () => {
    const make = setup(factory);
    it('says an open store takes writes, leaving nothing behind, and a closed one does not', async () => {
      const made = await make();
      await expect(made.repositories.health.writable()).resolves.toBeUndefined();
      expect(await made.repositories.notices.count()).toBe(0);
      const other = await made.reopen();
      await expect(other.health.writable()).resolves.toBeUndefined();
      await made.close();
      await expect(made.repositories.health.writable()).rejects.toThrow();
    });
  });
}

export const storageContracts = [
  sessionContract,
  deskContract,
  subscriptionContract,
  noticeContract,
  accessContract,
  issuedSessionsContract,
  channelStateContract,
  catalogChangeContract,
  dossierRegistryContract,
  transactionContract,
  healthContract,
];
