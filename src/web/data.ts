// What the pages show, gathered apart from how they show it: a case's status (from Temporal, or the ledger once
// Temporal has let a closed case go), who recorded each entry and how that was proven, what was sent about it,
// and each look at it written to its audit trail before it is shown. Faults come back as what a page can say.
import path from 'path';
import type { CaseStatus } from '../domain/case/status';
import type { ProofMethod } from '../domain/case/recorder';
import type { Directory } from '../domain/directory';
import { maySee, type Viewer } from '../domain/web/access';
import { owedBy, type Owed } from '../domain/web/owed';
import { loadDirectoryFile } from '../directory/file';
import { sentAboutInDatabase, sentAboutInFile, type SentAbout } from '../notify/sentAbout';
import { sharedPool } from '../ledger/pool';
import { openCaseStatuses } from '../client/cases';
import { getConfig } from '../client/cli/context';
import { CliError, EXIT } from '../client/cli/errors';
import { openCliLedger } from '../client/cli/ledger';
import { withTemporal } from '../client/cli/temporal';
import { gatherStatus } from '../client/cli/commands/status';
import { gatherLiveReport } from '../client/cli/commands/report-live';
import type { LiveReport } from '../domain/report/live';

/** A part of the system is not answering: the page says which, and the rest of the pages still work. */
export class Unavailable extends Error {
  constructor(
    readonly what: string,
    readonly detail: string,
  ) {
    super(`${what}: ${detail}`);
  }
}

export interface CasePage {
  status: CaseStatus;
  /** How each entry's recorder was proven (absent: as typed, without a checked sign-in). */
  proofs: ReadonlyMap<string, ProofMethod | undefined>;
  sent: SentAbout[];
  directory: Directory;
}

/** The directory, read at every page so a change of name or manager shows at once. */
export function readDirectory(): Directory {
  try {
    return loadDirectoryFile(getConfig().directoryFile);
  } catch (e) {
    throw new Unavailable('the staff directory', e instanceof Error ? e.message : String(e));
  }
}

/** How long a page waits on Temporal (a server that has gone away is retried by the SDK for longer). */
const TEMPORAL_WAIT_MS = 8_000;

/** `p`, or Temporal not answering once a person has waited long enough for a page. */
function inTime<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Unavailable('Temporal, which runs the cases', `no answer within ${TEMPORAL_WAIT_MS / 1000} s`),
        ),
      TEMPORAL_WAIT_MS,
    );
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

function asUnavailable(e: unknown): never {
  if (e instanceof CliError && (e.exitCode === EXIT.unreachable || e.exitCode === EXIT.notSignedIn))
    throw new Unavailable('Temporal, which runs the cases', e.message);
  throw e;
}

async function sentAbout(caseRef: string): Promise<SentAbout[]> {
  const cfg = getConfig();
  if (!cfg.databaseUrl) return sentAboutInFile(path.join(cfg.dataDir, 'sent-messages.jsonl'), caseRef);
  try {
    return await sentAboutInDatabase(sharedPool(cfg.databaseUrl, 2), caseRef);
  } catch (e) {
    throw new Unavailable('the database', e instanceof Error ? e.message : String(e));
  }
}

/** Entries' proofs and the look written down, in one visit to the ledger; no record of the look, no page. */
async function proofsAndLook(caseRef: string, viewer: Viewer): Promise<Map<string, ProofMethod | undefined>> {
  let ledger;
  try {
    ledger = await openCliLedger();
  } catch (e) {
    throw new Unavailable(
      'the ledger, where every look at a case is recorded',
      e instanceof Error ? e.message : String(e),
    );
  }
  try {
    await ledger.records.viewed({ caseRef, at: new Date().toISOString(), by: viewer.id, page: 'case' });
    return new Map((await ledger.events(caseRef)).map((e) => [e.eventId, e.verifiedBy]));
  } catch (e) {
    throw new Unavailable(
      'the ledger, where every look at a case is recorded',
      e instanceof Error ? e.message : String(e),
    );
  } finally {
    await ledger.close();
  }
}

/**
 * The case as `viewer` may see it, or 'not-found' for a case that does not exist, that they may not see, or
 * that cannot answer (a broken case): the same answer, so the page never tells whether a case exists.
 */
export async function casePage(
  caseRef: string,
  viewer: Viewer,
  directory: Directory,
): Promise<CasePage | 'not-found'> {
  let status: CaseStatus;
  try {
    status = await inTime(gatherStatus(caseRef));
  } catch (e) {
    if (e instanceof CliError && (e.exitCode === EXIT.notFound || e.exitCode === EXIT.failure))
      return 'not-found';
    asUnavailable(e);
  }
  if (!maySee(viewer, status)) return 'not-found';
  const sent = await sentAbout(caseRef);
  const proofs = await proofsAndLook(caseRef, viewer);
  return { status, proofs, sent, directory };
}

export async function owedPage(viewer: Viewer): Promise<Owed[]> {
  try {
    const { statuses } = await inTime(withTemporal((t) => openCaseStatuses(t.client)));
    return owedBy(
      statuses.filter((s) => maySee(viewer, s)),
      viewer.id,
    );
  } catch (e) {
    asUnavailable(e);
  }
}

export async function livePage(viewer: Viewer, days: number): Promise<LiveReport & { broken: string[] }> {
  try {
    const r = await inTime(gatherLiveReport(days, (s) => maySee(viewer, s)));
    // A broken case's staff cannot be read: only those who see every case are told of it.
    return { ...r, broken: viewer.all ? r.broken.map((b) => b.caseRef) : [] };
  } catch (e) {
    asUnavailable(e);
  }
}
