// The GOV.UK bank-holidays.json format, validated at the boundary: an administrator's import and the shipped
// snapshot go through the same schema, so a bad file is refused before anything is written.
import { z } from 'zod';
import { isIsoDate, type LocalDate } from '../domain/dates';
import { REGIONS, type Region } from '../domain/workingDays';
import { formatIssues } from '../shared/issues';

const eventSchema = z.object({
  title: z.string().trim().min(1, 'title must not be empty'),
  date: z.string().refine(isIsoDate, { message: 'date must be a real date written YYYY-MM-DD' }),
  notes: z.string().optional(),
  bunting: z.boolean().optional(),
});

const divisionSchema = z.object({
  division: z.string(),
  events: z.array(eventSchema).min(1, 'a division must list at least one bank holiday'),
});

export const govukFileSchema = z
  .object({
    'england-and-wales': divisionSchema,
    scotland: divisionSchema,
    'northern-ireland': divisionSchema,
  })
  .passthrough()
  .superRefine((file, ctx) => {
    for (const region of REGIONS) {
      const seen = new Set<string>();
      file[region].events.forEach((e, i) => {
        if (seen.has(e.date)) {
          ctx.addIssue({
            code: 'custom',
            path: [region, 'events', i, 'date'],
            message: `${e.date} is listed twice`,
          });
        }
        seen.add(e.date);
      });
    }
  });

export interface BankHolidayList {
  region: Region;
  /** Years the list speaks for; a year in this range with no entry is a year with no bank holidays listed. */
  fromYear: number;
  toYear: number;
  days: { date: LocalDate; title: string }[];
}

export type GovukParse =
  { ok: true; lists: Record<Region, BankHolidayList> } | { ok: false; errors: string[] };

export function parseGovukFile(json: unknown): GovukParse {
  const parsed = govukFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, errors: formatIssues(parsed.error.issues) };
  const lists = {} as Record<Region, BankHolidayList>;
  for (const region of REGIONS) {
    const days = parsed.data[region].events
      .map((e) => ({ date: e.date, title: e.title }))
      .sort((a, b) => (a.date < b.date ? -1 : 1));
    lists[region] = {
      region,
      fromYear: Number(days[0]!.date.slice(0, 4)),
      toYear: Number(days[days.length - 1]!.date.slice(0, 4)),
      days,
    };
  }
  return { ok: true, lists };
}
