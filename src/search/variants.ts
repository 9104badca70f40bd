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

/** The name shared by all variants of one procedure (folded). */
export function variantKey(name: string): string {
  return fold(
    withoutLevel(name)
      .replace(onlineTail, ' ')
      .replace(/[.;]+\s*$/u, ''),
  );
}
