import type { Channel, Procedure } from '../schema.js';
import { joinSteps, stripFileNames, stripOutline, isFragment } from './dvc-clean.js';
import { cell, clean, splitList } from './dvc-record.js';

/** The smaller fields of a portal record: legal basis, results, steps, agencies, online service. */

/**
 * A legal document number: "123/2015/NĐ-CP", "66.7/2025/NQ-CP", "60/2014/QH13", "01/2010/QĐ-TTg".
 * Capitals followed by a small letter start the next title ("…NĐ-CPNghị định…"), so they stop it.
 */
const LEGAL_NUMBER = /\d+(?:[.,]\d+)?\/\d{4}\/(?:TTg|[\p{Lu}\d](?!\p{Ll}))+(?:-(?:TTg|[\p{Lu}\d](?!\p{Ll}))+)*/gu;
const REPEATED_NUMBER = /(\d+(?:[.,]\d+)?\/\d{4}\/[\p{Lu}\dg-]+?)\1/gu;
const TITLE_END = '\u0001';
const LEGAL_HEADER = /^Tên văn bản pháp lýMã văn bản/;
/** The number column sometimes repeats the document type ("Thông tư số 03/2023/TT-BTP"). */
const TRAILING_TYPE = /\s*(Luật|Bộ luật|Nghị định|Nghị quyết|Thông tư liên tịch|Thông tư|Quyết định|Pháp lệnh)( số)?\s*$/u;

export function parseLegalBasis(source: string, warnings: string[]): Procedure['legalBasis'] {
  // "Luật 49/2019/QH1449/2019/QH14": a title ending in its own number, then the number column.
  const text = cell(source).replace(LEGAL_HEADER, '').replace(REPEATED_NUMBER, `$1${TITLE_END}$1`);
  if (text === '') return [];
  const entries: Procedure['legalBasis'] = [];
  let start = 0;
  for (const match of text.matchAll(LEGAL_NUMBER)) {
    const end = match.index + match[0].length;
    // A number inside a title is followed by a space or punctuation; the number column ends a row.
    if (!endsRow(text, match.index, end)) continue;
    const rawTitle = text.slice(start, match.index);
    const title = rawTitle.length > 20 ? rawTitle.replace(TRAILING_TYPE, '') : rawTitle;
    entries.push({ number: match[0], title: title.replace(TITLE_END, '').replace(/^[.;,:\s]+|[.;,:\s]+$/g, '') });
    start = end;
  }
  const rest = text.slice(start).replace(TITLE_END, '').trim();
  if (rest !== '') {
    warnings.push(`can_cu_phap_ly: no document number found for "${rest.slice(0, 80)}"`);
    entries.push({ number: '', title: rest });
  }
  return entries;
}

const NEXT_TITLE = /^ (Luật|Bộ luật|Nghị định|Nghị quyết|Thông tư|Quyết định|Pháp lệnh)(?=\s)/u;

/** Whether the number at [start, end) is the number column (it ends a row) rather than part of a title. */
function endsRow(text: string, start: number, end: number): boolean {
  const next = text[end];
  if (next === undefined || /\p{Lu}/u.test(next)) return true;
  // "…18/2026/NĐ-CP Nghị định quy định…": a stray space before the next title.
  return NEXT_TITLE.test(text.slice(end, end + 16)) && !/số\s*$/u.test(text.slice(Math.max(0, start - 6), start));
}

/** "Giấy khai sinhMã: KQ.G15.000031Từ khóa…Chọn cơ quan thực hiện…" → ["Giấy khai sinh"]. */
export function parseResults(source: string): string[] {
  const text = cell(source).split(/Từ khóa|Chọn cơ quan thực hiện|Nộp hồ sơ$/)[0];
  return text
    .split(/Mã: ?KQ[.A-Z0-9]*\d/)
    .map((part) => stripFileNames(cell(part)).replace(/[;,]$/, ''))
    .filter((part) => part !== '');
}

/** One step per line of "Trình tự thực hiện", bullets removed; a single run-on line is split at "Bước N". */
export function parseSteps(source: string): string[] {
  const lines = clean(source)
    .split('\n')
    .flatMap((line) => line.split(/(?=Bước \d+[.:])/u))
    .map((line) => line.replace(/^[-+•*\s]+/, '').trim())
    .filter((line) => line !== '');
  return joinSteps(lines);
}

/** "Yêu cầu, điều kiện": its lines without outline numbers, file names or bare fragments. */
export function parseRequirements(source: string): string {
  return clean(source)
    .split('\n')
    .map((line) => stripFileNames(stripOutline(line)).trim())
    .filter((line) => line !== '' && !isFragment(line) && cell(line) !== '')
    .join('\n');
}

export function parseAgencies(record: { co_quan_co_tham_quyen: string; co_quan_thuc_hien: string; co_quan_phoi_hop: string }): Procedure['agencies'] {
  const entries = {
    competent: cell(record.co_quan_co_tham_quyen),
    executing: cell(record.co_quan_thuc_hien),
    coordinating: cell(record.co_quan_phoi_hop),
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== '')) as Procedure['agencies'];
}

export function parseLevels(source: string): string[] {
  return splitList(source);
}

/**
 * "full" only when the record itself says the whole procedure runs online ("toàn trình");
 * an online channel otherwise still leaves a visit or paper step.
 */
export function inferOnlineService(channels: Channel[], name: string, stepsText: string): Procedure['onlineService'] {
  const online = channels.find((c) => c.method === 'online');
  if (!online) return 'none';
  return /toàn trình/i.test(`${name} ${online.note ?? ''} ${stepsText}`) ? 'full' : 'partial';
}
