// Exit codes a script can act on: bad input, not found, rejected by the case, server unreachable, not permitted
// (the caller's role does not allow it), not signed in (no credential, or one the server refused).
export const EXIT = {
  ok: 0,
  failure: 1,
  badInput: 2,
  notFound: 3,
  rejected: 4,
  unreachable: 5,
  notPermitted: 6,
  notSignedIn: 7,
} as const;

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

/** How a person gets and uses a credential, said with every "not signed in". */
export const SIGN_IN_HINT =
  "sign in: put a token from the council's sign-in in a file and set CPCASE_TOKEN_FILE to it " +
  '(on the stack: bin/cpcase.js credential issue --subject YOUR-ID --role reader > my.token)';
