// Configuration comes from environment variables only, validated once at start-up. A wrong value stops the
// process with one line naming the variable and what it should look like.
import fs from 'fs';
import path from 'path';
import { z } from 'zod';
import { REGIONS } from '../domain/workingDays';

const existingFile = (what: string) =>
  z
    .string()
    .min(1)
    .refine(
      (p) => fs.existsSync(p) && fs.statSync(p).isFile(),
      `must be the path of an existing ${what} file`,
    );

const envSchema = z
  .object({
    CPCASE_DATA_DIR: z.string().min(1).default('./data'),
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port, e.g. localhost:7233')
      .refine(
        (a) => Number(a.split(':')[1]) >= 1 && Number(a.split(':')[1]) <= 65535,
        'the port must be 1 to 65535',
      )
      .default('localhost:7233'),
    TEMPORAL_NAMESPACE: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'must be a Temporal namespace name')
      .default('default'),
    TEMPORAL_TASK_QUEUE: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, dots, hyphens or underscores')
      .default('cpcase'),
    TEMPORAL_TLS_CERT: existingFile('PEM client certificate').optional(),
    TEMPORAL_TLS_KEY: existingFile('PEM client key').optional(),
    TEMPORAL_TLS_CA: existingFile('PEM CA certificate').optional(),
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    // A person's or service's token from the council's sign-in, sent as a bearer token (only over TLS).
    CPCASE_TOKEN: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
        'must be a token (three dot-separated parts)',
      )
      .optional(),
    CPCASE_TOKEN_FILE: existingFile('token').optional(),
    // 'server': the Temporal server checks every caller and stamps who they are (cpcase-server); the worker then
    // confirms it at start and writes stamped entries as verified. 'none' (the embedded default): nothing is.
    CPCASE_IDENTITY: z.enum(['none', 'server']).default('none'),
    // How cpcase's own services (the codec server) check council tokens, as the Temporal server does: the
    // council's published keys (a JWKS file), the issuer and audience, and the revocation list.
    CPCASE_TOKEN_JWKS: z
      .string()
      .min(1)
      .refine(
        (v) => /^https:\/\//.test(v) || (fs.existsSync(v) && fs.statSync(v).isFile()),
        "must be the issuer's published keys: an https:// URL or the path of a JWKS file",
      )
      .optional(),
    CPCASE_TOKEN_ISSUER: z.string().min(1).optional(),
    CPCASE_TOKEN_AUDIENCE: z.string().min(1).optional(),
    CPCASE_REVOKED_FILE: z.string().min(1).optional(),
    SMTP_URL: z
      .string()
      .refine(
        (u) => URL.canParse(u) && /^smtps?:$/.test(new URL(u).protocol),
        'must be a URL starting smtp:// or smtps://, e.g. smtp://localhost:1025 or smtps://user:pass@mail.example.org:465',
      )
      .default('smtp://localhost:1025'),
    CPCASE_POLICY_FILE: existingFile('policy (YAML or JSON)').optional(),
    CPCASE_REGION: z.enum(REGIONS).default('england-and-wales'),
    DATABASE_URL: z
      .string()
      .regex(
        /^postgres(ql)?:\/\/.+/,
        'must be a PostgreSQL URL, e.g. postgres://cpcase:secret@db.example:5432/cpcase',
      )
      .optional(),
    CPCASE_KEYS_FILE: z.string().min(1).optional(),
    CPCASE_ENCRYPTION_KEYS: z.string().min(1).optional(),
    CPCASE_DIRECTORY_FILE: existingFile('directory (YAML or JSON)').optional(),
    CPCASE_MAIL_FROM: z
      .email('must be an email address such as cpcase@council.example')
      .default('cpcase@council.example'),
    CPCASE_CASE_URL: z
      .string()
      .refine(
        (u) => u.includes('{caseRef}') && URL.canParse(u.replace('{caseRef}', 'X')),
        'must be a URL containing {caseRef}, e.g. https://cases.council.example/cp/{caseRef}',
      )
      .optional(),
    // The staff pages (cpcase serve) as people reach them; emails link to its case page unless CPCASE_CASE_URL
    // points them at the council's own case system.
    CPCASE_WEB_URL: z
      .string()
      .refine(
        (u) => /^https?:\/\//.test(u) && URL.canParse(u) && !u.endsWith('/'),
        "must be the pages' address without a trailing slash, e.g. https://cpcase.council.example",
      )
      .default('http://localhost:8990'),
    // The council's OpenID Connect provider for the staff pages' sign-in (unset: the local issuer's sign-in, for
    // the dev server and tests), and cpcase's client registration with it.
    CPCASE_OIDC_ISSUER: z
      .string()
      .refine(
        (u) => /^https?:\/\//.test(u) && URL.canParse(u),
        "must be the issuer's URL, e.g. https://login.council.example",
      )
      .optional(),
    CPCASE_OIDC_CLIENT_ID: z.string().min(1).default('cpcase'),
    // The key signing the pages' sign-in cookies: shared by every copy of the pages behind one address, and kept
    // across restarts; unset, a new one at each start (everyone signs in again).
    CPCASE_WEB_SESSION_KEY_FILE: existingFile('session key').optional(),
    CPCASE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    // Cases a worker keeps in memory between their wake-ups (about 0.75 MB each): a case wakes at most a few
    // times a day, so the rest are replayed from history when they wake, and memory stays bounded however many
    // cases are open (`npm run bench load`).
    CPCASE_WORKER_CACHED_CASES: z.coerce
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0 to 100000')
      .max(100_000, 'must be 0 to 100000')
      .default(400),
    // How long a worker's claim on a message holds before another worker may take it over (the worker died).
    CPCASE_CLAIM_LEASE_SECONDS: z.coerce
      .number()
      .int('must be a whole number of seconds')
      .min(150, 'must be 150 to 3600 seconds (longer than a send may take)')
      .max(3600, 'must be 150 to 3600 seconds (longer than a send may take)')
      .default(300),
    // A rehearsal's Temporal server runs this far ahead of the machine (npm run stack with CPCASE_STACK_CLOCK_AT):
    // the workers then measure a message's delay after the send time on the cases' clock, the server's.
    CPCASE_SERVER_CLOCK_OFFSET_SECONDS: z.coerce.number().int('must be a whole number of seconds').default(0),
    // Where the worker serves its metrics for Prometheus (the SDK's and cpcase's); unset, it serves none.
    CPCASE_METRICS_ADDRESS: z
      .string()
      .regex(
        /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/,
        'must be an IP address and port, e.g. 127.0.0.1:9464, or 0.0.0.0:9464 for every interface',
      )
      .optional(),
    // How often a worker counts the open cases, the broken ones and the overdue deadlines for its metrics.
    CPCASE_METRICS_CASES_SECONDS: z.coerce
      .number()
      .int('must be a whole number of seconds')
      .min(5, 'must be 5 to 86400 seconds')
      .max(86_400, 'must be 5 to 86400 seconds')
      .default(60),
  })
  .superRefine((env, ctx) => {
    if (env.CPCASE_TOKEN_JWKS && !env.CPCASE_TOKEN_ISSUER) {
      ctx.addIssue({
        code: 'custom',
        path: ['CPCASE_TOKEN_ISSUER'],
        message: 'must name the issuer whose tokens are accepted (CPCASE_TOKEN_JWKS is set)',
      });
    }
    if (env.CPCASE_TOKEN && env.CPCASE_TOKEN_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['CPCASE_TOKEN_FILE'],
        message: 'set CPCASE_TOKEN or CPCASE_TOKEN_FILE, not both',
      });
    }
    if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT'],
        message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together for mTLS',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface Config {
  dataDir: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    tls?: { cert?: string; key?: string; ca?: string; serverName?: string };
    /** The caller's token: given, or a file read again whenever a connection is made. */
    token?: { value: string } | { file: string };
  };
  /** Whether the Temporal server checks identities (see CPCASE_IDENTITY). */
  identity: 'none' | 'server';
  /** How cpcase's own services check council tokens; absent: they use no sign-in of the council's. */
  councilTokens?: { jwks: string; issuer: string; audience?: string; revokedFile?: string };
  smtpUrl: string;
  /** The reporting ledger on PostgreSQL; unset, SQLite under the data folder. */
  databaseUrl?: string;
  /** Payload encryption keys: a keyring file (default <dataDir>/keys.json) or the keyring itself as JSON. */
  keys: { file: string; json?: string };
  /** The staff and agency directory; the shipped example when unset (a council sets its own). */
  directoryFile: string;
  mailFrom: string;
  /** The case's page for staff, with {caseRef} in it: cpcase's own pages unless the council set its case system. */
  caseUrl: string;
  /** The staff pages: their address and how people sign in to them. */
  web: {
    url: string;
    oidc?: { issuer: string; clientId: string; clientSecret?: string };
    clientId: string;
    sessionKeyFile?: string;
  };
  /** Cases one worker keeps in memory (Temporal's workflow cache). */
  workerCachedCases: number;
  policyFile?: string;
  region: Env['CPCASE_REGION'];
  /** How long a claim on a message in the shared sent record holds (a dead worker's lapse after it). */
  claimLeaseMs: number;
  /** Where the worker serves Prometheus metrics, how often it counts the cases for them, and the cases' clock. */
  metrics: { address?: string; casesEverySeconds: number; serverClockOffsetMs: number };
}

export class ConfigError extends Error {}

/** The example directory shipped for `npm start` and tests (src/config -> project root, from src or dist/src). */
export const EXAMPLE_DIRECTORY = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..',
  'config',
  'directory.example.yaml',
);

/** How cpcase's own services check council tokens, when the council's published keys are given. */
function councilTokensOf(e: Env): Pick<Config, 'councilTokens'> {
  if (!e.CPCASE_TOKEN_JWKS || !e.CPCASE_TOKEN_ISSUER) return {};
  return {
    councilTokens: {
      jwks: /^https:\/\//.test(e.CPCASE_TOKEN_JWKS) ? e.CPCASE_TOKEN_JWKS : path.resolve(e.CPCASE_TOKEN_JWKS),
      issuer: e.CPCASE_TOKEN_ISSUER,
      ...(e.CPCASE_TOKEN_AUDIENCE ? { audience: e.CPCASE_TOKEN_AUDIENCE } : {}),
      ...(e.CPCASE_REVOKED_FILE ? { revokedFile: path.resolve(e.CPCASE_REVOKED_FILE) } : {}),
    },
  };
}

/** The staff pages: their address, the council's sign-in (or none: the local one) and the cookies' key. */
function webOf(e: Env): Config['web'] {
  return {
    url: e.CPCASE_WEB_URL,
    clientId: e.CPCASE_OIDC_CLIENT_ID,
    ...(e.CPCASE_WEB_SESSION_KEY_FILE ? { sessionKeyFile: path.resolve(e.CPCASE_WEB_SESSION_KEY_FILE) } : {}),
    ...(e.CPCASE_OIDC_ISSUER
      ? {
          oidc: {
            issuer: e.CPCASE_OIDC_ISSUER.replace(/\/$/, ''),
            clientId: e.CPCASE_OIDC_CLIENT_ID,
            ...(e.CPCASE_OIDC_CLIENT_SECRET ? { clientSecret: e.CPCASE_OIDC_CLIENT_SECRET } : {}),
          },
        }
      : {}),
  };
}

/**
 * Reads and validates the environment. One of ours set to an empty string is refused rather than read as unset:
 * `TEMPORAL_ADDRESS=` silently meaning localhost would point a deployment at the wrong server.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const empty = Object.keys(envSchema.shape).find((k) => env[k] === '');
  if (empty) throw new ConfigError(`${empty} is set but empty: give it a value, or unset it for the default`);
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const value = cleaned[name];
    throw new ConfigError(`${name}${value !== undefined ? `='${value}'` : ''}: ${issue.message}`);
  }
  const e = parsed.data;
  const tlsWanted = e.TEMPORAL_TLS_CERT || e.TEMPORAL_TLS_CA || e.TEMPORAL_TLS_SERVER_NAME;
  return {
    dataDir: path.resolve(e.CPCASE_DATA_DIR),
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls: tlsWanted
        ? {
            cert: e.TEMPORAL_TLS_CERT,
            key: e.TEMPORAL_TLS_KEY,
            ca: e.TEMPORAL_TLS_CA,
            serverName: e.TEMPORAL_TLS_SERVER_NAME,
          }
        : undefined,
      ...(e.CPCASE_TOKEN ? { token: { value: e.CPCASE_TOKEN } } : {}),
      ...(e.CPCASE_TOKEN_FILE ? { token: { file: path.resolve(e.CPCASE_TOKEN_FILE) } } : {}),
    },
    identity: e.CPCASE_IDENTITY,
    ...councilTokensOf(e),
    smtpUrl: e.SMTP_URL,
    databaseUrl: e.DATABASE_URL,
    keys: {
      file: path.resolve(e.CPCASE_KEYS_FILE ?? path.join(e.CPCASE_DATA_DIR, 'keys.json')),
      json: e.CPCASE_ENCRYPTION_KEYS,
    },
    directoryFile: path.resolve(e.CPCASE_DIRECTORY_FILE ?? EXAMPLE_DIRECTORY),
    mailFrom: e.CPCASE_MAIL_FROM,
    caseUrl: e.CPCASE_CASE_URL ?? `${e.CPCASE_WEB_URL}/cases/{caseRef}`,
    web: webOf(e),
    workerCachedCases: e.CPCASE_WORKER_CACHED_CASES,
    policyFile: e.CPCASE_POLICY_FILE,
    region: e.CPCASE_REGION,
    claimLeaseMs: e.CPCASE_CLAIM_LEASE_SECONDS * 1000,
    metrics: {
      ...(e.CPCASE_METRICS_ADDRESS ? { address: e.CPCASE_METRICS_ADDRESS } : {}),
      casesEverySeconds: e.CPCASE_METRICS_CASES_SECONDS,
      serverClockOffsetMs: e.CPCASE_SERVER_CLOCK_OFFSET_SECONDS * 1000,
    },
  };
}
