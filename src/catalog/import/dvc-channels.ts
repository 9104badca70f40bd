import type { Channel, ChannelMethod, Fee } from '../schema.js';
import { feePeriods, undatedAmount } from './dvc-fees.js';
import { cell, clean, NO_INFO, readBracket } from './dvc-record.js';

/**
 * "Cách thức thực hiện": a table run together as
 * "Hình thức nộpThời gianPhí, lệ phíMô tả" + rows of <method><time><fee cell(s)><description>,
 * e.g. "Trực tuyến7 Ngày làm việc10,000 Việt Nam Đồng(note)Mô tả…".
 */

type ProcessingTime = Channel['processingTime'];

const METHODS: Record<string, ChannelMethod> = {
  'Trực tiếp': 'direct',
  'Trực tuyến': 'online',
  'Dịch vụ bưu chính': 'postal',
};
/**
 * A row starts where a method label is glued to its time cell: a number or words
 * ("Trực tuyếnKhông quy định…"). In descriptions the labels are followed by a space or colon.
 */
const ROW = /(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)(?=\d|\p{Lu})/gu;

const UNITS: Record<string, 'working_day' | 'day' | 'hour' | 'month'> = {
  'Ngày làm việc': 'working_day',
  Ngày: 'day',
  Giờ: 'hour',
  Tháng: 'month',
};
const TIME_WITH_UNIT = /^(\d+(?:[.,]\d+)?) ?(Ngày làm việc|Ngày|Giờ|Tháng|Năm|Tuần|Phút)/;
const AMOUNT = /^(\d[\d.,]*) ?(VNĐ|Việt Nam Đồng|đồng)/i;
const WELL_FORMED_AMOUNT = /^(0|[1-9]\d{0,2}(,\d{3})*)$/;
const FEE_START = /Miễn phí|Không có thông tin|\d[\d.,]* ?(VNĐ|Việt Nam Đồng)/;
const TIME_IN_WORDS = /\d+\s*(ngày|giờ|tháng|năm)/i;
/** Sentences about the time that carry no number: "Thời hạn giải quyết: theo Quy chế…", "Không quy định thời hạn". */
const TIME_STATEMENT =
  /(thời hạn|thời gian)( giải quyết| trả kết quả)?( hồ sơ)?\s*:|(không|chưa) quy định( cụ thể)? (về )?thời (hạn|gian)|ngay sau khi nhận|ngay trong ngày/i;
const FOREIGN_AMOUNT = /^(\d[\d.,]*) ?(USD|EUR)\b/;

export interface ChannelsResult {
  channels: Channel[];
  warnings: string[];
}

export function parseChannels(source: string): ChannelsResult {
  const text = clean(source).replace(/^Hình thức nộpThời gianPhí, lệ phíMô tả/, '');
  const rows = splitRows(text, ROW);
  const warnings: string[] = [];
  if (rows.length === 0 && cell(text) !== '')
    warnings.push('cach_thuc_thuc_hien: no submission method (Trực tiếp / Trực tuyến / Dịch vụ bưu chính) found');
  const channels = rows.map(({ label, body }) => parseRow(METHODS[label], body, warnings));
  return { channels, warnings };
}

function splitRows(text: string, pattern: RegExp): Array<{ label: string; body: string }> {
  const starts = [...text.matchAll(pattern)];
  return starts.map((match, i) => ({
    label: match[1],
    body: text.slice(match.index + match[1].length, starts[i + 1]?.index ?? text.length),
  }));
}

function parseRow(method: ChannelMethod, body: string, warnings: string[]): Channel {
  const time = readTime(body, method, warnings);
  const fees = readFees(time.rest, method, warnings);
  const description = cell(fees.rest);
  let processingTime = time.processingTime;
  const spelledOut = timeSentence(description);
  if (processingTime === null && spelledOut) {
    processingTime = { value: null, unit: 'other', note: `Cổng Dịch vụ công không ghi thời gian ở cột này; mô tả: “${spelledOut}”` };
  } else if (processingTime?.unit === 'other' && spelledOut) {
    processingTime = { ...processingTime, note: `${processingTime.note} Mô tả: “${spelledOut}”` };
  }
  return { method, processingTime, fees: fees.fees, ...(description ? { note: description } : {}) };
}

interface TimeRead {
  processingTime: ProcessingTime;
  rest: string;
}

function readTime(body: string, method: ChannelMethod, warnings: string[]): TimeRead {
  if (body.startsWith(NO_INFO)) return { processingTime: null, rest: body.slice(NO_INFO.length) };
  const withUnit = TIME_WITH_UNIT.exec(body);
  if (withUnit) {
    const value = Number(withUnit[1].replace(',', '.'));
    const unit = UNITS[withUnit[2]];
    const processingTime: ProcessingTime = unit ? { value, unit } : { value, unit: 'other', note: `${withUnit[1]} ${withUnit[2].toLowerCase()}` };
    return { processingTime, rest: body.slice(withUnit[0].length) };
  }
  const runTogether = splitTimeFromAmount(body);
  if (runTogether) {
    warnings.push(
      `cach_thuc_thuc_hien (${method}): time and amount run together in "${runTogether.digits}"; read as time ${runTogether.time} and amount ${runTogether.amount}`,
    );
    return { processingTime: bareNumber(runTogether.time), rest: body.slice(runTogether.time.length) };
  }
  const bare = /^\d+/.exec(body);
  if (bare) return { processingTime: bareNumber(bare[0]), rest: body.slice(bare[0].length) };
  return readTimeInWords(body, method, warnings);
}

/** "1" with no unit: the portal does not say days, hours or anything else. */
function bareNumber(digits: string): ProcessingTime {
  return { value: Number(digits), unit: 'other', note: `Cổng Dịch vụ công ghi “${digits}” mà không nêu đơn vị.` };
}

/** "Trực tuyến120,000 VNĐ": the shortest time prefix that leaves a well-formed amount. */
function splitTimeFromAmount(body: string): { digits: string; time: string; amount: string } | undefined {
  const match = AMOUNT.exec(body);
  if (!match) return undefined;
  const digits = match[1];
  for (let k = 1; k < digits.length; k++) {
    const time = digits.slice(0, k);
    const amount = digits.slice(k);
    if (/^\d+$/.test(time) && WELL_FORMED_AMOUNT.test(amount)) return { digits, time, amount };
  }
  return undefined;
}

function readTimeInWords(body: string, method: ChannelMethod, warnings: string[]): TimeRead {
  const feeAt = body.search(FEE_START);
  const words = cell(feeAt < 0 ? body : body.slice(0, feeAt));
  warnings.push(`cach_thuc_thuc_hien (${method}): time cell is not a number ("${words.slice(0, 80)}"); kept as a note`);
  const processingTime: ProcessingTime = words ? { value: null, unit: 'other', note: words } : null;
  return { processingTime, rest: feeAt < 0 ? '' : body.slice(feeAt) };
}

/** The first sentence that states a duration, if any. */
function timeSentence(text: string, context = /./): string | undefined {
  const sentence = text.split(/(?<=[.;])\s+|\n/).find((s) => (TIME_IN_WORDS.test(s) && context.test(s)) || TIME_STATEMENT.test(s));
  return sentence ? sentence.trim().slice(0, 300) : undefined;
}

const DEADLINE = /thời hạn|trong vòng|chậm nhất|kể từ/i;
const UNIT_WORDS: Array<[RegExp, 'working_day' | 'day' | 'hour' | 'month']> = [
  [/^ngày làm việc/iu, 'working_day'],
  [/^giờ/iu, 'hour'],
  [/^tháng/iu, 'month'],
  [/^ngày/iu, 'day'],
];

/**
 * "1" with no unit in the cell: the record's own words often state it ("…trong 01 ngày làm
 * việc…"), in the channel's description or the steps. The unit is taken only when the text
 * pairs that very number with a unit.
 */
export function unitsFromText(channels: Channel[], steps: string): Channel[] {
  return channels.map((c) => {
    const time = c.processingTime;
    if (!time || time.value == null || time.unit !== 'other' || !time.note?.includes('không nêu đơn vị')) return c;
    const text = `${c.note ?? ''}\n${steps}`;
    const pattern = new RegExp(String.raw`(?<![\d.,])0*${time.value}\s+(ngày làm việc|ngày|giờ|tháng)`, 'iu');
    const found = pattern.exec(text);
    const unit = found && UNIT_WORDS.find(([words]) => words.test(found[1]))?.[1];
    return unit ? { ...c, processingTime: { value: time.value, unit } } : c;
  });
}

/**
 * When no channel states a time, the steps often do ("Trong thời hạn 05 ngày làm việc kể từ…");
 * that sentence is quoted as the time of each channel, never turned into a number.
 */
export function timeFromSteps(channels: Channel[], steps: string): Channel[] {
  if (channels.some((c) => c.processingTime !== null)) return channels;
  const sentence = timeSentence(steps, DEADLINE);
  if (!sentence) return channels;
  const note = `Cổng Dịch vụ công không ghi thời gian ở cột này; trình tự thực hiện nêu: “${sentence}”`;
  return channels.map((c) => ({ ...c, processingTime: { value: null, unit: 'other', note } }));
}

interface FeesRead {
  fees: Fee[];
  rest: string;
}

function readFees(text: string, method: ChannelMethod, warnings: string[]): FeesRead {
  if (text.startsWith(NO_INFO)) return { fees: [], rest: text.slice(NO_INFO.length) };
  const fees: Fee[] = [];
  let rest = text;
  for (;;) {
    if (rest.startsWith('Miễn phí')) {
      const { note, after } = readNote(rest, 'Miễn phí'.length);
      fees.push(...freeFee(note, method, warnings));
      rest = after;
      continue;
    }
    const amount = AMOUNT.exec(rest);
    if (!amount) {
      // Foreigners' fees set in dollars or euros ("145 USD(Thẻ tạm trú …)") are kept in their currency.
      const foreign = FOREIGN_AMOUNT.exec(rest);
      if (!foreign) break;
      const { note, after } = readNote(rest, foreign[0].length);
      const currency = foreign[2].toUpperCase() as Fee['currency'];
      fees.push({ kind: feeKind(note), amount: Number(foreign[1].replace(/[.,](?=\d{3}\b)/g, '')), currency, ...(note ? { note } : {}) });
      rest = after;
      continue;
    }
    const value = Number(amount[1].replace(/[.,]/g, ''));
    const { note, after } = readNote(rest, amount[0].length);
    if (value > 0 && value < 1000) {
      warnings.push(`cach_thuc_thuc_hien (${method}): amount ${value} VND looks too small${note ? ` (note: "${note.slice(0, 80)}")` : ''}`);
    }
    const periods = feePeriods({ kind: feeKind(note), amount: value, currency: 'VND', ...(note ? { note } : {}) }, `cach_thuc_thuc_hien (${method})`);
    fees.push(...periods.fees);
    warnings.push(...periods.warnings);
    rest = after;
  }
  return { fees, rest };
}

/** The bracketed description right after a fee cell, e.g. "10,000 Việt Nam Đồng(10.000 đồng/lần)". */
function readNote(text: string, from: number): { note: string; after: string } {
  if (text[from] !== '(') return { note: '', after: text.slice(from) };
  const { inner, end } = readBracket(text, from);
  return { note: cell(inner), after: text.slice(end) };
}

const PROVINCE_SETS_FEE = /Hội đồng nhân dân|HĐND|Ủy ban nhân dân (cấp )?tỉnh|UBND (cấp )?tỉnh|cấp tỉnh quy định/i;
const EMPTY_NOTE = /^(không( có| quy định| thu)?\.?)?$/i;

/**
 * "Miễn phí" with its bracket. When the bracket says the province sets the amount, or gives other
 * facts, the note carries them instead of "free" — the cell alone would mislead.
 */
function freeFee(note: string, method: ChannelMethod, warnings: string[]): Fee[] {
  if (EMPTY_NOTE.test(note)) return [{ kind: 'fee', amount: 0, currency: 'VND', note: 'Miễn phí.' }];
  if (!PROVINCE_SETS_FEE.test(note) && /\d{1,3}([.,]\d{3})+ ?(đồng|VNĐ)/i.test(note)) {
    warnings.push(`cach_thuc_thuc_hien (${method}): fee cell says "Miễn phí" but its note names an amount ("${note.slice(0, 80)}")`);
    // One amount stated outside any dated clause is the fee; the cell's "free" stays on record (statedElsewhere 0).
    const amount = undatedAmount(note);
    if (amount) {
      const periods = feePeriods({ kind: feeKind(note), amount, currency: 'VND', note }, `cach_thuc_thuc_hien (${method})`);
      warnings.push(...periods.warnings);
      return periods.fees.map((f) => ({ ...f, statedElsewhere: 0 }));
    }
  }
  return [{ kind: feeKind(note), amount: 0, currency: 'VND', note }];
}

/** "Phí" (charge) or "lệ phí" (fee): the portal's column mixes both; the note usually names it. */
function feeKind(note: string): Fee['kind'] {
  if (/lệ phí/i.test(note)) return 'fee';
  return /(^|[\s(:;,-])phí/i.test(note) ? 'charge' : 'fee';
}
