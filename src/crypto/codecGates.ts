// Who may have case data decoded by the codec server: a small interface with two gates. On the embedded default
// (no sign-in) a shared secret; where the council's tokens are checked, a person whose token is good and who
// holds a role that reads case data (reader, administrator, operator). A worker's token decodes nothing.
import crypto from 'crypto';
import type { TokenCheck } from '../identity/councilTokens';
import { hasRole } from '../identity/jwt';

export type Admission = { ok: true; who: string } | { ok: false; status: 401 | 403; error: string };
export type Gate = (credential: string | undefined) => Admission;

const READING_ROLES = ['reader', 'administrator', 'operator'];

export function sharedSecretGate(secret: string): Gate {
  const expected = Buffer.from(secret);
  return (given) => {
    const g = Buffer.from(given ?? '');
    return g.length === expected.length && crypto.timingSafeEqual(g, expected)
      ? { ok: true, who: 'holder of the codec token' }
      : { ok: false, status: 401, error: 'a valid bearer token is required' };
  };
}

export function councilTokenGate(check: TokenCheck, namespace: string): Gate {
  return (given) => {
    if (!given) return { ok: false, status: 401, error: 'not signed in: a council token is required' };
    const v = check(given);
    if (!v.ok) return { ok: false, status: 401, error: `credential refused: ${v.problem}` };
    const { subject, permissions } = v.token;
    if (!READING_ROLES.some((r) => hasRole(permissions, namespace, r)))
      return {
        ok: false,
        status: 403,
        error: `${subject} may not see case data: that needs reader, administrator or operator in ${namespace}`,
      };
    return { ok: true, who: subject };
  };
}
