import type { App } from '../../src/app.js';
import type { Db } from '../../src/store/index.js';
import { postJson } from '../support/app.js';

/** The SQLite connection under an app, for tests that move a row's clock back (SQLite only). */
export function sqliteOf(app: App): Db {
  const db = (app.store as { db?: Db }).db;
  if (!db) throw new Error('these tests set timestamps through SQLite');
  return db;
}

/**
 * A citizen leaving a question for staff over the citizen API, as the web chat does: a question
 * about a procedure, "để lại câu hỏi cho cán bộ", the text, "gửi". Returns the session id the
 * server uses (it may issue its own) and the inbox id from the confirmation.
 */
/** The header the web chat sends, so the server issues a web session. */
const webChat = { 'x-motcua-client': 'web' };

export async function leaveQuestion(
  baseUrl: string,
  sessionId: string,
  text: string,
  opener = 'Lệ phí đăng ký khai sinh',
): Promise<{ sessionId: string; id: number }> {
  let sid = sessionId;
  for (const message of [opener, 'để lại câu hỏi cho cán bộ', text]) {
    const { json } = await postJson(`${baseUrl}/api/v1/ask`, { text: message, sessionId: sid }, webChat);
    sid = json.sessionId ?? sid;
  }
  const { json } = await postJson(`${baseUrl}/api/v1/ask`, { text: 'gửi', sessionId: sid }, webChat);
  const id = /số tiếp nhận (\d+)/.exec(json.reply)?.[1];
  if (!id) throw new Error(`question not stored: ${json.reply}`);
  return { sessionId: json.sessionId ?? sid, id: Number(id) };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function getJson(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, json, text, headers: response.headers };
}
