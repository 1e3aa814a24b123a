// People and agencies by name in the reports a manager reads; the ledger and the JSON keep the ids beside them,
// so a name changed in the directory renames last year's report and never rewrites what happened.
import type { Directory } from '../directory';
import type { AnnualReport } from './annual';
import type { LiveReport } from './live';

export const staffName = (dir: Directory, id: string): string | undefined =>
  dir.staff.find((s) => s.id === id)?.name;

export const agencyName = (dir: Directory, id: string): string | undefined =>
  dir.agencies.find((a) => a.id === id)?.name;

const withName = <T extends object>(row: T, name: string | undefined): T => (name ? { ...row, name } : row);

/** The annual report with agency and chair names from the directory (an id not in it stays an id). */
export function namedReport(r: AnnualReport, dir: Directory): AnnualReport {
  return {
    ...r,
    table4: r.table4.map((a) => withName(a, agencyName(dir, a.agencyId))),
    byChair: r.byChair.map((c) => withName(c, staffName(dir, c.id))),
  };
}

/** The live report with each owner's name (staff, or an agency owing its report). */
export function namedLive(r: LiveReport, dir: Directory): LiveReport {
  return {
    ...r,
    teams: r.teams.map((t) => ({
      ...t,
      owners: t.owners.map((o) =>
        withName(o, o.id && (o.role === 'agency' ? agencyName(dir, o.id) : staffName(dir, o.id))),
      ),
    })),
  };
}
