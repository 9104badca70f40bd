import { fold } from '../text/index.js';

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
 * Two names of one procedure published twice, by two authorities: their words differ only in
 * `ignorable` ones — who does it ("thuộc thẩm quyền của Chủ tịch UBND cấp tỉnh" / "do … phân cấp
 * cho … cấp xã"), or a word such as "giấy" that names nothing else.
 */
export function sameProcedure(a: string, b: string, ignorable: ReadonlySet<string>): boolean {
  const keyA = variantKey(a);
  const keyB = variantKey(b);
  if (keyA === keyB) return true;
  const wordsA = new Set(keyA.split(/[^a-z0-9]+/).filter(Boolean));
  const wordsB = new Set(keyB.split(/[^a-z0-9]+/).filter(Boolean));
  const differ = [...wordsA].filter((w) => !wordsB.has(w)).concat([...wordsB].filter((w) => !wordsA.has(w)));
  return differ.every((w) => ignorable.has(w));
}
