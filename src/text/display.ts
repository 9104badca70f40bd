/**
 * Text as it should be stored and shown: NFC, and the look-alike letters that legacy
 * keyboards and scanners produce (Icelandic Ð/ð, African Ɖ/ɖ) mapped to Vietnamese Đ/đ.
 */
const lookalikeD: Record<string, string> = { '\u00D0': 'Đ', '\u0189': 'Đ', '\u00F0': 'đ', '\u0256': 'đ' };
const lookalikePattern = /[\u00D0\u0189\u00F0\u0256]/g;

export function toDisplay(text: string): string {
  return text.normalize('NFC').replace(lookalikePattern, (c) => lookalikeD[c] ?? c);
}
