import type { DocumentCase, DocumentItem } from '../schema.js';
import { formReference, isFragment, stripFileNames, stripOutline } from './dvc-clean.js';
import { cell, clean } from './dvc-record.js';

/**
 * "Thành phần hồ sơ": one table per case, each run together as
 * <case heading>"Tên giấy tờMẫu đơn, tờ khaiSố lượng"<name>[<form file>]<N bản chính>[,<M bản sao>]…
 * Headings "* Giấy tờ phải nộp:" / "* Giấy tờ phải xuất trình:" set the kind, "* Lưu ý:" makes
 * the table's lines notes, "--" means no particular case.
 */

export const TABLE_HEADER = 'Tên giấy tờMẫu đơn, tờ khaiSố lượng';
/**
 * The quantity cell. The name before it may end in digits ("…năm 20251 bản chính"), so a clean
 * run of one or two digits is taken when there is one, else only the last digit. A count quoted
 * inside a name ("Văn bản đề nghị: 01 bản chính.") has a space before it or punctuation after it.
 */
const QUANTITY = /(?<!\s)(?:(?<!\d)(\d{1,2})|(\d)) bản chính(?:,\s*(\d{1,2}) bản sao)?(?![\s.;)])/g;
const FORM_EXTENSION = /\.(?:docx?|pdf|xlsx?|rtf|odt)$/i;
/** Where an attached file name can start: after ; : ) or a full stop that ends a sentence. */
const FORM_SEPARATOR = /[;:)]|\.(?![\s\d]|(?:docx?|pdf|xlsx?|rtf|odt)\b)/gi;
const FORM_IN_NAME = /\b(Mẫu (?:số )?[A-Z0-9Đ][\w./-]*)/u;
/** Lines with no copies that still name a paper (rather than explain something). */
const DOCUMENT_NOUN =
  /^(Giấy|Văn bản|Bản |Đơn|Tờ khai|Hộ chiếu|Sổ|Thẻ|Quyết định|Báo cáo|Danh sách|Danh mục|Hợp đồng|Biên bản|Ảnh|Chứng chỉ|Chứng từ|Hóa đơn|Phiếu|Bảng|Hồ sơ|Phương án|Kế hoạch|Tài liệu|Các giấy tờ|Bản sao|Bản chính|Thông báo|Tờ trình|Dự án|Đề án|Bằng)/u;

type Kind = DocumentCase['kind'];

export interface DocumentsResult {
  documents: DocumentCase[];
  warnings: string[];
}

export function parseDocuments(source: string): DocumentsResult {
  const text = clean(source).replace(/\n/g, ' ');
  const warnings: string[] = [];
  if (!text.includes(TABLE_HEADER)) {
    if (cell(text) !== '') warnings.push('thanh_phan_ho_so: no document table found');
    return { documents: [], warnings };
  }
  const segments = text.split(TABLE_HEADER);
  const documents: DocumentCase[] = [];
  let heading = segments[0];
  let kind: Kind = 'submit';
  for (let i = 1; i < segments.length; i++) {
    const parsedHeading = readHeading(heading, kind);
    kind = parsedHeading.kind;
    const { rows, trailing } = splitRows(segments[i]);
    const isLast = i === segments.length - 1;
    const target = parsedHeading.notesOnly ? (documents.at(-1) ?? pushCase(documents, '', kind)) : pushCase(documents, parsedHeading.name, kind);
    for (const row of rows) addRow(target, row, parsedHeading.notesOnly);
    if (isLast && cell(trailing) !== '')
      warnings.push(`thanh_phan_ho_so: text after the last table not understood ("${cell(trailing).slice(0, 80)}")`);
    heading = trailing;
  }
  const kept = documents.filter((c) => c.items.length > 0 || c.notes.length > 0);
  return { documents: kept, warnings };
}

function pushCase(documents: DocumentCase[], name: string, kind: Kind): DocumentCase {
  const entry: DocumentCase = { case: name, kind, items: [], notes: [] };
  documents.push(entry);
  return entry;
}

/** "* Giấy tờ phải xuất trình:" → kind present; "* Lưu ý:" → notes; anything else names the case. */
function readHeading(raw: string, current: Kind): { name: string; kind: Kind; notesOnly: boolean } {
  let name = stripFileNames(cell(raw)).replace(/^[-*\s]+/, '');
  // A table without a heading ("--") starts over with documents to submit.
  let kind: Kind = name === '' ? 'submit' : current;
  const kindPrefix = /^Giấy tờ phải (nộp|xuất trình)\s*:\s*/u.exec(name);
  if (kindPrefix) {
    kind = kindPrefix[1] === 'nộp' ? 'submit' : 'present';
    name = name.slice(kindPrefix[0].length);
  }
  const notesOnly = /^Lưu ý\s*:?\s*$/u.test(name);
  // "Hồ sơ đăng ký tạm trú gồm:" introduces the list everyone files; it is not a case.
  if (/^(Thành phần )?hồ sơ .*gồm\s*:?\s*$/iu.test(name)) name = '';
  name = name.replace(/^[-*\s]+/, '').replace(/\s*:\s*$/, '');
  return { name: notesOnly ? '' : name, kind, notesOnly };
}

interface Row {
  text: string;
  originals: number;
  copies: number;
}

function splitRows(body: string): { rows: Row[]; trailing: string } {
  const rows: Row[] = [];
  let start = 0;
  for (const match of body.matchAll(QUANTITY)) {
    rows.push({
      text: body.slice(start, match.index),
      originals: Number(match[1] ?? match[2]),
      copies: Number(match[3] ?? 0),
    });
    start = match.index + match[0].length;
  }
  return { rows, trailing: body.slice(start) };
}

function addRow(target: DocumentCase, row: Row, notesOnly: boolean): void {
  const { name, form } = splitForm(cell(row.text));
  const plain = stripFileNames(stripOutline(name.replace(/^[-+*•\s]+/, ''))).replace(/[;,\s]+$/, '');
  if (plain === '' || isFragment(plain)) return;
  const unnumbered = plain.replace(/^([a-zđ]|\d+(\.\d+)*)[).]\s*/u, '');
  const isExplanation = row.originals === 0 && row.copies === 0 && !DOCUMENT_NOUN.test(unnumbered);
  if (notesOnly || isExplanation || (plain.endsWith(':') && row.originals + row.copies === 0)) {
    target.notes.push(plain);
    return;
  }
  const item: DocumentItem = { name: plain.replace(/\s*:$/, ''), originals: row.originals, copies: row.copies };
  if (form) item.form = form;
  target.items.push(item);
}

/** The "Mẫu đơn, tờ khai" cell: an attached file name glued to the end of the document name. */
function splitForm(text: string): { name: string; form?: string } {
  const cut = FORM_EXTENSION.test(text) ? formFileStart(text) : -1;
  const name = cut > 0 ? text.slice(0, cut).trim() : text;
  const file = cut > 0 ? text.slice(cut).trim() : undefined;
  // The attached file's name is no use on a phone; the form it holds is ("NA5 (1).doc" → "Mẫu NA5").
  const form = FORM_IN_NAME.exec(name)?.[1]?.replace(/[.,;)]+$/, '') ?? (file ? formReference(file) : undefined);
  return { name, ...(form ? { form } : {}) };
}

/**
 * Start of the file name: after the last separator within the last 60 characters, else at the
 * first small-to-capital letter junction there ("theo mẫuMuTkhai.docx"); -1 when unclear.
 */
function formFileStart(text: string): number {
  const windowStart = Math.max(1, text.length - 60);
  let cut = -1;
  for (const match of text.matchAll(FORM_SEPARATOR)) {
    if (match.index >= windowStart && match.index < text.length - 5) cut = match.index + 1;
  }
  if (cut > 0) return cut;
  const junction = /\p{Ll}(?=\p{Lu})/gu;
  junction.lastIndex = windowStart;
  const found = junction.exec(text);
  return found ? found.index + 1 : -1;
}
