import type { Sync } from './sync.js';
import type { Db } from '../db.js';
import type { AccessRepository, ChannelStateRepository } from '../repositories.js';

export function sqliteAccess(db: Db): Sync<AccessRepository> {
  const insert = db.prepare<[string, string, string, string]>('INSERT INTO api_tokens (token_hash, agency, role, created_at) VALUES (?, ?, ?, ?)');
  const byHash = db.prepare<[string], { id: number; agency: string; role: string }>('SELECT id, agency, role FROM api_tokens WHERE token_hash = ?');
  const audit = db.prepare<[string, string, string, string]>(
    'INSERT INTO dossier_staff_audit (staff_id, code, outcome, viewed_at) VALUES (?, ?, ?, ?)',
  );
  const views = db.prepare<[number], { staff_id: string; code: string; outcome: string; viewed_at: string }>(
    'SELECT staff_id, code, outcome, viewed_at FROM dossier_staff_audit ORDER BY id DESC LIMIT ?',
  );
  return {
    createToken: (hash, agency, role, createdAt) => Number(insert.run(hash, agency, role, createdAt).lastInsertRowid),
    tokenByHash: (hash) => byHash.get(hash),
    recordStaffView: (v) => void audit.run(v.staffId, v.code, v.outcome, v.viewedAt),
    staffViews: (limit) => views.all(limit).map((r) => ({ staffId: r.staff_id, code: r.code, outcome: r.outcome, viewedAt: r.viewed_at })),
  };
}

export function sqliteChannelState(db: Db): Sync<ChannelStateRepository> {
  const insertSeen = db.prepare<[number, number, number]>('INSERT OR IGNORE INTO telegram_seen_updates (bot_id, update_id, seen_at) VALUES (?, ?, ?)');
  const pruneSeen = db.prepare<[number]>('DELETE FROM telegram_seen_updates WHERE seen_at < ?');
  const upsertCallback = db.prepare<[string, string, number]>(
    'INSERT INTO telegram_callbacks (id, text, used_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET used_at = excluded.used_at',
  );
  const selectCallback = db.prepare<[string], { text: string }>('SELECT text FROM telegram_callbacks WHERE id = ?');
  const pruneCallbacks = db.prepare<[number]>('DELETE FROM telegram_callbacks WHERE used_at < ?');
  const insertEvent = db.prepare<[string, string, number]>('INSERT OR IGNORE INTO channel_events (channel, event_id, seen_at) VALUES (?, ?, ?)');
  const pruneEvents = db.prepare<[string, number]>('DELETE FROM channel_events WHERE channel = ? AND seen_at < ?');
  const selectCredentials = db.prepare<[string], { value: string }>('SELECT value FROM channel_credentials WHERE key = ?');
  const upsertCredentials = db.prepare<[string, string, number]>(
    'INSERT INTO channel_credentials (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  return {
    markSeen: (botId, updateId, at) => insertSeen.run(botId, updateId, at).changes === 1,
    putCallback: (id, text, at) => void upsertCallback.run(id, text, at),
    callbackText: (id) => selectCallback.get(id)?.text,
    prune(seenBefore, callbacksBefore) {
      pruneSeen.run(seenBefore);
      pruneCallbacks.run(callbacksBefore);
    },
    markEventSeen: (channel, eventId, at) => insertEvent.run(channel, eventId, at).changes === 1,
    pruneEvents: (channel, seenBefore) => void pruneEvents.run(channel, seenBefore),
    credentials: (key) => selectCredentials.get(key)?.value,
    putCredentials: (key, value, at) => void upsertCredentials.run(key, value, at),
  };
}
