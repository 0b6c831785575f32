// Plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned so the
// decimal points line up. No colours and no box drawing, so output pastes cleanly and pipes to grep/awk.
export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
}

const GAP = '  ';

/** Terminal width of a cell: counts code points ("…", "▲" are one column), not UTF-16 units. */
function width(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function pad(text: string, to: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, to - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

/**
 * Renders rows under a header line and a rule. `footer` rows (e.g. a total) come after a second rule.
 * Trailing spaces are trimmed from every line.
 */
export function renderTable(columns: Column[], rows: string[][], footer: string[][] = []): string[] {
  const widths = columns.map((c, i) => Math.max(width(c.header), ...[...rows, ...footer].map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]): string =>
    columns
      .map((c, i) => pad(cells[i] ?? '', widths[i]!, c.align ?? 'left'))
      .join(GAP)
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join(GAP);
  const out = [line(columns.map((c) => c.header)), rule, ...rows.map(line)];
  if (footer.length) out.push(rule, ...footer.map(line));
  return out;
}
