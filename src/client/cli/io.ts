// Output helpers shared by every command: --json prints the gathered data as it is; otherwise a command's
// own printer renders it for people.
export function printJson(data: unknown): void {
  process.stdout.write(JSON.stringify(data, null, 2) + '\n');
}

export function printLines(lines: string[]): void {
  process.stdout.write(lines.join('\n') + '\n');
}

/** A plain aligned table: columns padded to their widest cell. */
export function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [fmt(headers), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
}

/** "1 working day", "3 working days": a count in words people read. */
export const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * A table whose every row may carry a second line of detail under it, indented: what a terminal of 100 to 120
 * columns holds, where one wide row would not.
 */
export function tableWithDetail(headers: string[], rows: { cells: string[]; detail?: string }[]): string[] {
  const [head, rule, ...lines] = table(
    headers,
    rows.map((r) => r.cells),
  );
  return [
    head!,
    rule!,
    ...lines.flatMap((l, i) => [l, ...(rows[i]!.detail ? [`    ${rows[i]!.detail}`] : [])]),
  ];
}

/** Text cut to `max` characters, with an ellipsis where it was cut (the JSON keeps it whole). */
export const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Words joined into lines of at most `width` columns, each after `indent`. */
export function wrap(words: string[], width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const w of words) {
    if (line.length > indent.length && line.length + 1 + w.length > width) {
      lines.push(line);
      line = indent;
    }
    line += line.length > indent.length ? ` ${w}` : w;
  }
  if (line.length > indent.length) lines.push(line);
  return lines;
}
