import { describeZodError, procedureCode, procedureSchema, type Procedure, type ProcedureInput } from '../schema.js';
import { parseChannels, timeFromSteps, unitsFromText } from './dvc-channels.js';
import { parseDocuments, TABLE_HEADER } from './dvc-documents.js';
import { inferOnlineService, parseAgencies, parseLegalBasis, parseLevels, parseRequirements, parseResults, parseSteps } from './dvc-fields.js';
import { cell, clean, dvcRecordSchema, rawSection, splitList, type DvcRecord } from './dvc-record.js';

export interface DvcParseResult {
  procedure?: Procedure;
  /** Each names the record ("<code> (<file>): …") and what was not understood. */
  warnings: string[];
  /** Set only when the record cannot become a procedure (code or name missing or invalid). */
  error?: string;
}

export interface DvcParseOptions {
  /** YYYY-MM-DD the record was fetched from the portal; defaults to today (the importer passes the file's date). */
  retrievedAt?: string;
}

const PORTAL_URL = 'https://dichvucong.gov.vn/';

/** Turns one national-portal page-text record into a project-format procedure. */
export function parseDvcRecord(raw: unknown, sourcePath: string, options: DvcParseOptions = {}): DvcParseResult {
  const parsed = dvcRecordSchema.safeParse(raw);
  if (!parsed.success) return { warnings: [], error: `${sourcePath}: not a portal record (${describeZodError(parsed.error).join('; ')})` };
  const record = parsed.data;
  const code = cell(record.ma_thu_tuc);
  const name = cell(record.ten_thu_tuc);
  if (!procedureCode.safeParse(code).success)
    return { warnings: [], error: `${sourcePath}: ma_thu_tuc "${code}" is not a national code such as 1.001193` };
  if (name === '') return { warnings: [], error: `${code} (${sourcePath}): ten_thu_tuc (name) is missing` };

  const warnings: string[] = [];
  const candidate = buildProcedure(record, code, name, warnings, options.retrievedAt ?? today());
  const checked = procedureSchema.safeParse(candidate);
  const named = warnings.map((w) => `${code} (${sourcePath}): ${w}`);
  if (!checked.success) return { warnings: named, error: `${code} (${sourcePath}): ${describeZodError(checked.error).join('; ')}` };
  return { procedure: checked.data, warnings: named };
}

function buildProcedure(record: DvcRecord, code: string, name: string, warnings: string[], retrievedAt: string): ProcedureInput {
  // The full page text is only needed where the scraper cut fields short (about 1% of records).
  const cutShort = !clean(record.thanh_phan_ho_so).includes(TABLE_HEADER);
  const raw = cutShort ? clean(record.raw_text) : '';
  const channels = parseChannels(record.cach_thuc_thuc_hien);
  const documents = parseDocuments(cutShort ? documentsSource(record, raw) : record.thanh_phan_ho_so);
  const stepsText = cutShort ? stepsSource(record, raw) : clean(record.trinh_tu_thuc_hien);
  warnings.push(...channels.warnings, ...documents.warnings);
  return {
    code,
    name,
    aliases: [],
    field: required(cell(record.linh_vuc), 'linh_vuc (field)', 'Chưa rõ lĩnh vực', warnings),
    levels: requiredList(parseLevels(record.cap_thuc_hien), warnings),
    subjects: splitList(record.doi_tuong_thuc_hien),
    agencies: parseAgencies(record),
    where: cell(record.dia_chi_tiep_nhan),
    decision: cell(record.so_quyet_dinh),
    onlineService: inferOnlineService(channels.channels, name, stepsText),
    channels: unitsFromText(timeFromSteps(channels.channels, stepsText), stepsText),
    documents: documents.documents,
    steps: parseSteps(stepsText),
    requirements: cell(record.yeu_cau_dieu_kien) === '' ? '' : parseRequirements(record.yeu_cau_dieu_kien),
    results: parseResults(record.ket_qua_xu_ly),
    legalBasis: parseLegalBasis(record.can_cu_phap_ly, warnings),
    notes: [],
    source: { url: sourceUrl(record.detail_url, warnings), retrievedAt },
  };
}

/**
 * The scraper cuts "thanh_phan_ho_so" short when the steps mention "(Thành phần hồ sơ)"; the
 * full page text still has the table after the submission-method section.
 */
function documentsSource(record: DvcRecord, raw: string): string {
  const afterMethods = raw.indexOf('Cách Thức Thực Hiện');
  const section = afterMethods < 0 ? '' : rawSection(raw, 'Thành phần hồ sơ', 'Căn cứ pháp lý', afterMethods);
  return section.includes(TABLE_HEADER) ? section : record.thanh_phan_ho_so;
}

/** The same cut shortens "trinh_tu_thuc_hien"; the page text's section is then the longer one. */
function stepsSource(record: DvcRecord, raw: string): string {
  const field = clean(record.trinh_tu_thuc_hien);
  const section = rawSection(raw, 'Trình Tự Thực Hiện', 'Cách Thức Thực Hiện').trim();
  return section.length > field.length + 20 ? section : field;
}

function required(value: string, label: string, fallback: string, warnings: string[]): string {
  if (value !== '') return value;
  warnings.push(`${label} is missing; recorded as "${fallback}"`);
  return fallback;
}

function requiredList(levels: string[], warnings: string[]): string[] {
  if (levels.length > 0) return levels;
  warnings.push('cap_thuc_hien (levels) is missing; recorded as "Chưa rõ cấp thực hiện"');
  return ['Chưa rõ cấp thực hiện'];
}

function sourceUrl(value: string, warnings: string[]): string {
  const url = cell(value);
  if (URL.canParse(url)) return url;
  warnings.push(`detail_url "${url}" is not a URL; source points to the portal home page`);
  return PORTAL_URL;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
