import type { Sync } from './sync.js';
import type { Db } from '../db.js';
import type { AccessRepository, AuditEntry, ChannelStateRepository, IssuedSessionRepository } from '../repositories.js';
import { type TokenRecord, tokenRow } from '../rows.js';

export function sqliteAccess(db: Db): Sync<AccessRepository> {
  const columns = 'id, name, role, agency, scope, created_at, revoked_at';
  const insert = db.prepare<[string, string, string, string, string, string]>(
    'INSERT INTO api_tokens (token_hash, name, role, agency, scope, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const byHash = db.prepare<[string], TokenRecord>(`SELECT ${columns} FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL`);
  const all = db.prepare<[], TokenRecord>(`SELECT ${columns} FROM api_tokens ORDER BY id`);
  const revoke = db.prepare<[string, number]>('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const audit = db.prepare<[string, string, string, string, string, string, number]>(
    'INSERT INTO access_audit (at, actor, person, address, action, target, status) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const latest = db.prepare<[number], AuditEntry>(
    'SELECT at, actor, person, address, action, target, status FROM access_audit ORDER BY id DESC LIMIT ?',
  );
  return {
    createToken: (t) => Number(insert.run(t.hash, t.name, t.role, t.agency ?? '', JSON.stringify(t.scope), t.createdAt).lastInsertRowid),
    tokenByHash: (hash) => {
      const row = byHash.get(hash);
      return row && tokenRow(row);
    },
    listTokens: () => all.all().map(tokenRow),
    revokeToken: (id, at) => revoke.run(at, id).changes === 1,
    audit: (e) => void audit.run(e.at, e.actor, e.person, e.address, e.action, e.target, e.status),
    auditLog: (limit) => latest.all(limit),
  };
}

export function sqliteIssuedSessions(db: Db): Sync<IssuedSessionRepository> {
  const insert = db.prepare<[string, number, number]>('INSERT OR IGNORE INTO issued_sessions (id, issued_at, used_at) VALUES (?, ?, ?)');
  const touch = db.prepare<[number, string]>('UPDATE issued_sessions SET used_at = ? WHERE id = ?');
  const purge = db.prepare<[number]>('DELETE FROM issued_sessions WHERE used_at < ?');
  return {
    issue: (id, at) => void insert.run(id, at, at),
    claim: (id, at) => touch.run(at, id).changes === 1,
    purge: (before) => purge.run(before).changes,
  };
}

export function sqliteChannelState(db: Db): Sync<ChannelStateRepository> {
  const insertSeen = db.prepare<[number, number, number]>(
    'INSERT OR IGNORE INTO telegram_seen_updates (bot_id, update_id, seen_at) VALUES (?, ?, ?)',
  );
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
