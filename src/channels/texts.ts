import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { intentsDir } from '../paths.js';

/** The longest question a chat channel passes on: the same bound as `POST /api/v1/ask`. */
export const MAX_QUESTION_LENGTH = 2000;

/** What a channel itself says, from `intents/<file>`, checked at start; `{max}` in `tooLong` is filled in. */
export function loadChannelTexts<T extends { tooLong: string }>(file: string, schema: z.ZodType<T>): T {
  const loaded = schema.parse(JSON.parse(readFileSync(path.join(intentsDir, file), 'utf8')));
  return { ...loaded, tooLong: loaded.tooLong.replace('{max}', MAX_QUESTION_LENGTH.toLocaleString('vi-VN')) };
}
