import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Procedure } from '../src/catalog/schema.js';
import { shuffled } from './stats.js';

/**
 * The query sets the benchmarks run: official names typed with and without marks (the answer is
 * known: that record, or any record bearing the very same name, since the words cannot tell them
 * apart) and colloquial questions with their expected codes.
 */

export type QueryKind = 'name' | 'name-folded' | 'colloquial';

export interface BenchQuery {
  text: string;
  kind: QueryKind;
  /** Codes that count as a right answer; empty when the answer is not in this catalog. */
  expect: string[];
}

/** Used when test/fixtures/colloquial-queries.jsonl is absent: how people actually ask. */
const fallbackColloquial: Array<[string, string]> = [
  ['làm giấy khai sinh cho con mới đẻ', '1.001193'],
  ['lam giay khai sinh cho be', '1.001193'],
  ['đi khai tử cho bố', '1.000656'],
  ['dang ky ket hon can gi', '1.000894'],
  ['xin giấy xác nhận độc thân để cưới', '1.004873'],
  ['nhập hộ khẩu về nhà vợ', '1.004222'],
  ['dang ky thuong tru cho con', '1.004222'],
  ['đăng ký tạm trú cho người thuê trọ', '1.004194'],
  ['tach ho khau ra rieng', '1.010038'],
  ['khai báo tạm vắng đi làm xa', '1.003677'],
  ['làm hộ chiếu đi du lịch', '1.001456'],
  ['lam ho chieu o dau', '1.001456'],
  ['bị mất hộ chiếu thì báo ở đâu', '1.010386'],
  ['làm căn cước cho bé 10 tuổi', '1.014062'],
  ['doi can cuoc cong dan', '1.014063'],
  ['mất thẻ căn cước làm lại', '1.014064'],
  ['kích hoạt định danh điện tử mức 2', '3.000228'],
  ['xin phiếu lý lịch tư pháp', '3.000333'],
  ['lam ly lich tu phap', '3.000333'],
  ['doi bang lai xe', '3.000347'],
  ['mất bằng lái xe máy làm lại', '3.000348'],
  ['làm bằng lái xe quốc tế', '3.000353'],
  ['sang tên xe máy cũ', '1.013076'],
  ['dang ky bien so xe moi mua', '1.013067'],
  ['sổ hồng lần đầu', '1.013978'],
  ['lam so do lan dau', '1.013978'],
  ['mất sổ đỏ xin cấp lại', '1.012786'],
  ['tách thửa đất chia cho con', '1.012784'],
  ['chuyển đất vườn lên thổ cư', '1.013949'],
  ['xin giấy phép xây nhà ở riêng lẻ', '1.013225'],
  ['sao y giấy tờ', '2.000815'],
  ['chung thuc chu ky', '2.000884'],
  ['mở hộ kinh doanh bán tạp hóa', '1.001612'],
  ['dong cua ho kinh doanh', '1.001266'],
  ['thành lập công ty cổ phần', '2.002043'],
  ['rút bảo hiểm xã hội một lần', '1.001613'],
  ['huong che do thai san', '2.000693'],
  ['làm mã số thuế cá nhân', '1.008498'],
  ['đăng ký kết hôn với người nước ngoài', '2.000806'],
  ['xin bản sao giấy khai sinh', '2.000635'],
];

const fixtureLine = z.object({
  q: z.string().optional(),
  text: z.string().optional(),
  query: z.string().optional(),
  code: z.string().optional(),
  codes: z.array(z.string()).optional(),
  expected: z.union([z.string(), z.array(z.string())]).optional(),
});

export interface ColloquialSource {
  queries: Array<{ text: string; codes: string[] }>;
  from: string;
}

/** The colloquial set: the test fixture when present (its lines with an expected code), else the list above. */
export function loadColloquial(repoDir: string): ColloquialSource {
  const file = path.join(repoDir, 'test', 'fixtures', 'colloquial-queries.jsonl');
  if (existsSync(file)) {
    const queries = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => fixtureLine.parse(JSON.parse(line)))
      .map((row) => ({
        text: row.q ?? row.text ?? row.query ?? '',
        codes: [row.code, ...(row.codes ?? []), ...[row.expected ?? []].flat()].filter((c): c is string => !!c),
      }))
      .filter((row) => row.text && row.codes.length > 0);
    if (queries.length > 0) return { queries, from: 'test/fixtures/colloquial-queries.jsonl' };
  }
  return { queries: fallbackColloquial.map(([text, code]) => ({ text, codes: [code] })), from: 'bench/queries.ts (built-in list)' };
}

/** Without marks, as typed on a phone with the Vietnamese keyboard off. */
export function stripMarks(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

const nameKey = (name: string) => name.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Up to `names` official names sampled from the catalog (each with and without marks), then
 * the colloquial queries, interleaved so any prefix mixes the kinds.
 */
export function buildQuerySet(procedures: readonly Procedure[], colloquial: ColloquialSource, names: number): BenchQuery[] {
  const codesByName = new Map<string, string[]>();
  for (const p of procedures) {
    const key = nameKey(p.name);
    codesByName.set(key, [...(codesByName.get(key) ?? []), p.code]);
  }
  const present = new Set(procedures.map((p) => p.code));
  const sample = shuffled(procedures, 7).slice(0, names);
  const marked: BenchQuery[] = sample.map((p) => ({ text: p.name, kind: 'name', expect: codesByName.get(nameKey(p.name)) ?? [p.code] }));
  const folded: BenchQuery[] = sample.map((p) => ({
    text: stripMarks(p.name),
    kind: 'name-folded',
    expect: codesByName.get(nameKey(p.name)) ?? [p.code],
  }));
  const talk: BenchQuery[] = colloquial.queries.map((q) => ({ text: q.text, kind: 'colloquial', expect: q.codes.filter((c) => present.has(c)) }));
  const out: BenchQuery[] = [];
  const longest = Math.max(marked.length, talk.length);
  for (let i = 0; i < longest; i++) {
    if (marked[i]) out.push(marked[i], folded[i]);
    if (talk[i]) out.push(talk[i]);
  }
  return out;
}

/** Questions for /api/v1/ask: colloquial queries framed the way people ask (no receipt codes). */
export function askQuestions(colloquial: ColloquialSource): string[] {
  const frames = ['{q} cần giấy tờ gì', '{q} mất bao lâu', 'lệ phí {q} bao nhiêu', '{q} nộp ở đâu', '{q} có làm online được không', '{q}'];
  const questions = colloquial.queries.flatMap((q, i) => [frames[i % frames.length].replace('{q}', q.text)]);
  return [...questions, 'xin chào', 'cảm ơn bạn', 'tôi muốn gặp nhân viên', 'bạn giúp được gì', 'thời tiết hôm nay thế nào'];
}
