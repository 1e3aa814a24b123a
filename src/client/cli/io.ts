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
