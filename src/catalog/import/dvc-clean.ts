/**
 * Portal text made fit to send: attached file names become form references ("Mau NA20-BCA.docx"
 * → "Mẫu NA20-BCA"), outline numbers and bare fragments go, and steps are numbered once (the
 * answer numbers them, so the record keeps "Bước 2:" only as the start of a step).
 */

const EXTENSION = /\.(?:docx?|pdf|xlsx?|rtf|odt)\b/iu;
/**
 * A file name: the ASCII words before an extension (portal file names drop the diacritics:
 * "17 tam tru cho nguoi nuoc ngoai.doc", "NA5 (1).doc"), with a "mẫu" just before it.
 */
const FILE_NAME = /(?<![^\s(:])(?:[A-Za-z0-9_\-().,&+]+\s){0,8}[A-Za-z0-9_\-(.,&+]*\.(?:docx?|pdf|xlsx?|rtf|odt)\b/giu;
/** "…NĐ-CPMẫu số 22.docx": a file name glued to the word before it. */
const GLUED = /(?<=[^\s(])(?=(?:Mẫu|Mau)(?:\s?số)?\s?[^\s]*\.(?:docx?|pdf|xlsx?|rtf|odt)\b)/gu;
/** The code of a form inside a file name: NA20-BCA, TK01a, M01a, CT01, KX1079, 02/ĐK. */
const FORM_CODE = /(?:^|[\s_(-])(?:m[aẫ]u\s*(?:s[oố]\s*)?)?((?:[A-ZĐ]{1,4}\d{1,4}[a-z]?|\d{1,3}[a-z]?)(?:[-/][A-ZĐ\d]{1,6})*)(?=$|[\s_).,-])/iu;

const AFTER_MAU = /m[aẫ]u\s*(?:s[oố]\s*)?([A-ZĐ\d]{1,4}\d{0,4}[a-z]?(?:-[A-ZĐ\d]{1,6})*)(?=$|[\s_).,(-])/iu;

/** "Mau NA20-BCA.docx" → "Mẫu NA20-BCA"; undefined when the file name names no form. */
export function formReference(file: string): string | undefined {
  const base = file
    .replace(EXTENSION, '')
    .replace(/\s*\(\d+\)\s*$/, '')
    .replace(/-doc$/i, '')
    .trim();
  const code = AFTER_MAU.exec(base)?.[1] ?? FORM_CODE.exec(base)?.[1];
  if (!code || /^\d{4}$/.test(code) || /^tt\d/i.test(code)) return undefined;
  const upper = /^[a-zđ]/u.test(code) ? code.charAt(0).toUpperCase() + code.slice(1) : code;
  return `Mẫu ${/^\d/.test(upper) ? `số ${upper}` : upper}`;
}

export function hasFileName(text: string): boolean {
  return EXTENSION.test(text);
}

/** Removes attached file names from running text (they mean nothing on a phone). */
export function stripFileNames(text: string): string {
  if (!hasFileName(text)) return text;
  return text
    .replace(LEFTOVER, (name) => cutFileName(name))
    .replace(GLUED, ' ')
    .replace(FILE_NAME, '')
    .replace(/\(\s*(mẫu\s*:?\s*)?\)/giu, '')
    .replace(/\s(?:theo\s)?m[aẫ]u(?:\ssố)?:?\s*(?=$|[.;,)])/giu, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/\s+([.,;:)])/g, '$1')
    .trim();
}

/** A file name with marks left after the ASCII pass ("…NĐ-CPMus132.docx", "Phụ lục 1 Đơn đăng ký.docx"). */
const LEFTOVER = /(?:[^;:()]|\([^()]{0,40}\)){1,120}\)?\.(?:docx?|pdf|xlsx?|rtf|odt)\b/giu;
const JUNCTION =
  /(?<=\S)(?=Mus|Mau|mau|Mẫu|Phụ lục|Phlc)|(?<=[\p{Ll}\d)])(?=\p{Lu})|(?<=\p{Lu}{2})(?=\p{Ll})|(?<=\p{Ll})(?=\d)|[.,](?=\S)|\s(?=Phụ lục|Mẫu|Mau|[A-Z]{1,4}\d|\d+-)/gu;

/** Keeps the words before the file name: cut at the first junction, near its end, where a title ran into it. */
function cutFileName(text: string): string {
  const end = text.search(EXTENSION);
  let cut = -1;
  for (const match of text.matchAll(JUNCTION)) {
    if (match.index > 0 && match.index < end && match.index >= end - 45) {
      cut = match.index;
      break;
    }
  }
  if (cut < 0) {
    const words = text.slice(0, end).split(' ');
    cut = words.length > 3 ? words.slice(0, -3).join(' ').length : 0;
  }
  return text.slice(0, cut).replace(/[\s.,]+$/, '');
}

/** "11.10. Yêu cầu…" → "Yêu cầu…": multi-level outline numbers copied from the legal text. */
export function stripOutline(line: string): string {
  return line.replace(/^\s*\d+(?:\.\d+)+\.?\s+/u, '');
}

/** A line that is only numbering or punctuation ("4.2.", "b)", "-"): a fragment, not content. */
export function isFragment(line: string): boolean {
  return /^[\s\d.,;:)(•*+\-–a-zđ]{0,6}$/iu.test(line) && !/\p{L}{2}/u.test(line);
}

const STEP_START = /^(?:Bước\s*\d+|\d+\s*[.)])/iu;

/**
 * One entry per step. When the text marks its steps ("Bước 1", "1."), the lines between two
 * marks belong to the step above; a mark alone on its line ("Bước 1:") joins the line after it.
 */
export function joinSteps(lines: string[]): string[] {
  const cleaned = lines.map((l) => stripFileNames(stripOutline(l)).trim()).filter((l) => l && !isFragment(l));
  const marked = cleaned.filter((l) => STEP_START.test(l)).length;
  if (marked < 2) return cleaned;
  const steps: string[] = [];
  for (const line of cleaned) {
    const last = steps.length - 1;
    if (STEP_START.test(line) || last < 0) steps.push(line);
    else steps[last] = /[.:;,]$|^\s*Bước\s*\d+\s*[:.]?$/iu.test(steps[last]) ? `${steps[last]} ${line}` : `${steps[last]}; ${line}`;
  }
  return steps;
}
