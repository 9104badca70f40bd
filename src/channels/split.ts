/**
 * Splits plain text into chunks of at most `limit` characters, preferring line breaks, then
 * spaces, and cutting hard only inside an unbroken run.
 */
export function splitMessage(text: string, limit: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    // The window includes position `limit` so a line break exactly there is used.
    const window = rest.slice(0, limit + 1);
    let cut = window.lastIndexOf('\n');
    if (cut <= 0) cut = window.lastIndexOf(' ');
    if (cut <= 0) cut = /[\uD800-\uDBFF]/.test(rest[limit - 1]) ? limit - 1 : limit;
    const head = rest.slice(0, cut).trimEnd();
    if (head !== '') chunks.push(head);
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest !== '' || chunks.length === 0) chunks.push(rest);
  return chunks;
}
