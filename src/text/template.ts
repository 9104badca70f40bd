/** Fills `{name}` placeholders; a missing value leaves the placeholder out rather than printing "undefined". */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => (key in values ? String(values[key]) : ''));
}
