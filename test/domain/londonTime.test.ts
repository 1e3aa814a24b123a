import { isoDate, fromEpochDay, toEpochDay } from '../../src/domain/dates';
import { londonDate, londonInstant, londonOffsetMinutes, londonTimeOfDay } from '../../src/domain/londonTime';

const intlOffset = (ms: number): number => {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' })
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName')!.value;
  return parts === 'GMT' ? 0 : Number(parts.replace('GMT', '')) * 60;
};

describe('Europe/London without the tz database', () => {
  it("agrees with Intl's Europe/London at 00:30, 01:30 and 09:00 UTC on every day 1996-2060", () => {
    const mismatches: string[] = [];
    for (let e = toEpochDay(isoDate('1996-01-01')); e <= toEpochDay(isoDate('2060-12-31')); e++) {
      for (const minutes of [30, 90, 540]) {
        const ms = e * 86_400_000 + minutes * 60_000;
        if (londonOffsetMinutes(ms) !== intlOffset(ms)) mismatches.push(new Date(ms).toISOString());
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('puts 09:00 London at 09:00Z in winter and 08:00Z in summer', () => {
    expect(new Date(londonInstant(isoDate('2024-01-15'), '09:00')).toISOString()).toBe(
      '2024-01-15T09:00:00.000Z',
    );
    expect(new Date(londonInstant(isoDate('2024-07-15'), '09:00')).toISOString()).toBe(
      '2024-07-15T08:00:00.000Z',
    );
  });

  it('handles the change days themselves', () => {
    // 31 March 2024: clocks go forward at 01:00 GMT. 09:00 that day is BST.
    expect(new Date(londonInstant(isoDate('2024-03-31'), '09:00')).toISOString()).toBe(
      '2024-03-31T08:00:00.000Z',
    );
    // 01:30 does not exist that morning: it is moved forward to 02:30 BST.
    expect(new Date(londonInstant(isoDate('2024-03-31'), '01:30')).toISOString()).toBe(
      '2024-03-31T01:30:00.000Z',
    );
    // 27 October 2024: 01:30 happens twice; the first (BST) is taken.
    expect(new Date(londonInstant(isoDate('2024-10-27'), '01:30')).toISOString()).toBe(
      '2024-10-27T00:30:00.000Z',
    );
    expect(new Date(londonInstant(isoDate('2024-10-27'), '09:00')).toISOString()).toBe(
      '2024-10-27T09:00:00.000Z',
    );
  });

  it('reads an instant back as the London date and time', () => {
    for (let e = toEpochDay(isoDate('2023-01-01')); e < toEpochDay(isoDate('2025-01-01')); e += 3) {
      const date = fromEpochDay(e);
      const ms = londonInstant(date, '09:00');
      expect(londonDate(ms)).toBe(date);
      expect(londonTimeOfDay(ms)).toBe('09:00');
    }
    // 23:30 UTC on 30 June is already 1 July in London.
    expect(londonDate(Date.UTC(2024, 5, 30, 23, 30))).toBe('2024-07-01');
  });

  it('refuses a malformed time of day', () => {
    expect(() => londonInstant(isoDate('2024-01-15'), '9am')).toThrow(/HH:MM/);
    expect(() => londonInstant(isoDate('2024-01-15'), '24:00')).toThrow(/HH:MM/);
  });
});
