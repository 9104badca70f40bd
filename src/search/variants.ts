import { canonicalWords, fold, foldToken } from '../text/index.js';

/**
 * One procedure is often published as several records: one per level ("(thực hiện tại cấp
 * tỉnh)"), or once fully online and once partly ("… trực tuyến toàn trình" / "… một phần hoặc
 * trực tiếp …"). What remains of the name without those parts is the same for all of them.
 */
const levelPart = /\((?:thực hiện )?(?:tại |ở )?cấp [^)]*\)/giu;
const onlineTail = /(?:thực hiện )?bằng dịch vụ công (?:trực tuyến )?(?:toàn trình|một phần).*$/iu;

export function withoutLevel(name: string): string {
  return name.replace(levelPart, ' ');
}

/** The name shared by all variants of one procedure (folded; "Thủ tục …" opens some copies and not others). */
export function variantKey(name: string): string {
  return fold(
    withoutLevel(name)
      .replace(onlineTail, ' ')
      .replace(/[.;]+\s*$/u, ''),
  ).replace(/^thu tuc /, '');
}

/**
 * Two names of one procedure published twice, by two authorities, have one key: their words differ
 * only in `ignorable` ones — who does it ("thuộc thẩm quyền của Chủ tịch UBND cấp tỉnh" / "do …
 * phân cấp cho … cấp xã"), or a word such as "giấy" that names nothing else.
 */
function procedureKey(name: string, ignorable: ReadonlySet<string>): string {
  // Marks kept: "lại" and "lái" fold alike, and "Cấp lại giấy phép lái xe" is no "Cấp giấy phép lái xe".
  const words = canonicalWords(withoutLevel(name).replace(onlineTail, ' ')).filter((w) => {
    const folded = foldToken(w);
    return folded !== '' && !ignorable.has(folded);
  });
  return [...new Set(words)].sort().join(' ');
}

/** What `ProcedureSearch.sameProcedure` compares of a name: its variant key and its key without who decides. */
export function procedureKeys(name: string, ignorable: ReadonlySet<string>): readonly [string, string] {
  return [variantKey(name), procedureKey(name, ignorable)];
}

/** Two names of one procedure: variants at other levels or channels, or one published by two authorities. */
export function sameKeys(a: readonly [string, string], b: readonly [string, string]): boolean {
  return a[0] === b[0] || a[1] === b[1];
}
