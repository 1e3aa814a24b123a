// Exit codes a script can act on: bad input, not found, rejected by the case, server unreachable.
export const EXIT = { ok: 0, failure: 1, badInput: 2, notFound: 3, rejected: 4, unreachable: 5 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.badInput,
  ) {
    super(message);
  }
}

export const badInput = (message: string) => new CliError(message, EXIT.badInput);

/** "what failed: the problem", or, for several, one problem a line: never a list of one. */
export function problemsMessage(head: string, problems: readonly string[]): string {
  return problems.length === 1 ? `${head}: ${problems[0]}` : `${head}:\n  ${problems.join('\n  ')}`;
}
