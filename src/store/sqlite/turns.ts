import type { Db } from '../db.js';
import type { Sync } from './sync.js';
import type { TurnOutcome, TurnRepository } from '../repositories.js';
import { type TurnRow, toTurnEntry } from '../rows.js';

/** The turn log: one insert per turn; analytics read it by Vietnam day through `turns_day`. */
export function sqliteTurns(db: Db): Sync<TurnRepository> {
  const insert = db.prepare<[number, string, string, string, number, string | null, string, string, string]>(
    'INSERT INTO turns (at, day, channel, intent, confidence, procedure_code, outcome, text, action) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const byDay = db.prepare<[string, string], { day: string; outcome: TurnOutcome; count: number }>(
    'SELECT day, outcome, COUNT(*) AS count FROM turns WHERE day BETWEEN ? AND ? GROUP BY day, outcome ORDER BY day, outcome',
  );
  const procedures = db.prepare<[string, string, number], { code: string; count: number }>(
    'SELECT procedure_code AS code, COUNT(*) AS count FROM turns WHERE day BETWEEN ? AND ? AND procedure_code IS NOT NULL GROUP BY procedure_code ORDER BY count DESC, code LIMIT ?',
  );
  const intents = db.prepare<[string, string, number], { intent: string; count: number }>(
    'SELECT intent, COUNT(*) AS count FROM turns WHERE day BETWEEN ? AND ? GROUP BY intent ORDER BY count DESC, intent LIMIT ?',
  );
  const all = db.prepare<[string, string, number], TurnRow>('SELECT * FROM turns WHERE day BETWEEN ? AND ? ORDER BY at, id LIMIT ?');
  const below = db.prepare<[string, string, number, number], TurnRow>(
    'SELECT * FROM turns WHERE day BETWEEN ? AND ? AND confidence < ? ORDER BY at, id LIMIT ?',
  );
  const purge = db.prepare<[number, number]>('DELETE FROM turns WHERE id IN (SELECT id FROM turns WHERE at < ? ORDER BY at LIMIT ?)');
  return {
    record: (t) => void insert.run(t.at, t.day, t.channel, t.intent, t.confidence, t.procedureCode, t.outcome, t.text, t.action),
    counts: (from, to, top) => ({ byDay: byDay.all(from, to), procedures: procedures.all(from, to, top), intents: intents.all(from, to, top) }),
    entries: (from, to, { belowConfidence, limit }) =>
      (belowConfidence === undefined ? all.all(from, to, limit) : below.all(from, to, belowConfidence, limit)).map(toTurnEntry),
    purge: (before, limit) => purge.run(before, limit).changes,
  };
}
