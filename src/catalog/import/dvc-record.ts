import { z } from 'zod';
import { toDisplay } from '../../text/display.js';

/**
 * One page-text record scraped from the national portal (dichvucong.gov.vn). Field names are the
 * portal's labels; table cells arrive run together. Every field is optional here: what is missing
 * is reported by the parser, not by this schema.
 */
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '')
  .catch('');

export const dvcRecordSchema = z.looseObject({
  ma_thu_tuc: text,
  detail_url: text,
  ten_thu_tuc: text,
  so_quyet_dinh: text,
  cap_thuc_hien: text,
  linh_vuc: text,
  doi_tuong_thuc_hien: text,
  co_quan_co_tham_quyen: text,
  dia_chi_tiep_nhan: text,
  co_quan_phoi_hop: text,
  co_quan_thuc_hien: text,
  trinh_tu_thuc_hien: text,
  cach_thuc_thuc_hien: text,
  thanh_phan_ho_so: text,
  can_cu_phap_ly: text,
  yeu_cau_dieu_kien: text,
  ket_qua_xu_ly: text,
  raw_text: text,
});

export type DvcRecord = z.infer<typeof dvcRecordSchema>;

/** The portal's placeholder for an empty cell. */
export const NO_INFO = 'Không có thông tin';

/** Display form (NFC, look-alike Đ), zero-width marks removed, spaces collapsed per line. */
export function clean(value: string): string {
  return toDisplay(value)
    .replace(/[\u200B-\u200F\uFEFF]/g, '')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00A0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** A cleaned single-line value, or '' for the portal's empty placeholders. */
export function cell(value: string): string {
  const v = clean(value).replace(/\s+/g, ' ');
  return v === NO_INFO || /^-+$/.test(v) ? '' : v;
}

/** Splits "A, B, C" lists (levels, subjects, agencies). */
export function splitList(value: string): string[] {
  // "Tổ chức (không bao gồm doanh nghiệp, HTX)" is one item: only commas outside brackets part them.
  return cell(value)
    .split(/\s*,\s*(?![^()]*\))/)
    .filter((item) => item !== '');
}

/**
 * A section of the full page text between two headings. Used where the scraper cut a field short
 * (its own text contained a heading, e.g. "mục 9.3 (Thành phần hồ sơ)").
 */
export function rawSection(raw: string, start: string, end: string, from = 0): string {
  const begin = raw.indexOf(start, from);
  if (begin < 0) return '';
  const stop = raw.indexOf(end, begin + start.length);
  return raw.slice(begin + start.length, stop < 0 ? undefined : stop);
}

/** Text inside a bracket that opens at `open`, honouring nesting; the portal does not always close them. */
export function readBracket(textValue: string, open: number): { inner: string; end: number } {
  let depth = 0;
  for (let i = open; i < textValue.length; i++) {
    if (textValue[i] === '(') depth++;
    else if (textValue[i] === ')' && --depth === 0) return { inner: textValue.slice(open + 1, i), end: i + 1 };
  }
  return { inner: textValue.slice(open + 1), end: textValue.length };
}
