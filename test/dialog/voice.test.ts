import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoDir } from '../support/shared.js';

/**
 * One voice in everything the assistant says: "mình" for itself, "bạn" for the person. Every
 * file of reply texts is held to it (people's own phrasings in intents/phrases are not replies).
 */

const replyFiles = ['intents/replies.json', 'intents/dossier.json', 'intents/telegram.json', 'intents/catalog-notices.json', 'intents/desk.json'];
const webFiles = [
  'src/channels/web/public/chat.js',
  'src/channels/web/public/index.html',
  'src/channels/web/public/console.html',
  'src/channels/web/public/console-common.js',
  'src/channels/web/public/console.js',
  'src/channels/web/public/console-desk.js',
];
/** Other voices: the assistant as "tôi"/"chúng tôi", the person as "quý khách", "anh/chị", "ông/bà". */
const otherVoice = /(?<!\p{L})(tôi|chúng tôi|quý khách|anh\/chị|anh chị|ông\/bà)(?!\p{L})/iu;

function strings(value: unknown, key = ''): string[] {
  if (key === '$comment') return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, k));
  return [];
}

const read = (file: string) => readFileSync(path.join(repoDir, file), 'utf8');

describe('one voice', () => {
  it.each(replyFiles)('%s speaks as "mình" to "bạn"', (file) => {
    const texts = strings(JSON.parse(read(file)));
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text, `${file}: ${text}`).not.toMatch(otherVoice);
  });

  it('the assistant names itself "mình" where it speaks of itself', () => {
    for (const file of ['intents/replies.json', 'intents/dossier.json', 'intents/telegram.json'])
      expect(read(file), file).toMatch(/(?<!\p{L})[Mm]ình(?!\p{L})/u);
  });

  it.each(webFiles)('%s (the web chat and console) speaks the same way', (file) => {
    expect(read(file)).not.toMatch(otherVoice);
  });

  it('the check catches another voice', () => {
    expect('Tôi là trợ lý').toMatch(otherVoice);
    expect('Kính gửi quý khách').toMatch(otherVoice);
    expect('Mình tra giúp bạn buổi tối nhé').not.toMatch(otherVoice);
  });
});
