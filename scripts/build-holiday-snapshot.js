#!/usr/bin/env node
// Regenerates src/calendar/data/bank-holidays.snapshot.json in GOV.UK's bank-holidays.json shape.
// Offline, the list is rebuilt from date-holidays' public and bank holidays (observed weekdays only, as GOV.UK
// lists them), corrected where date-holidays is known to differ from the GOV.UK list: in 2012 the Spring
// bank holiday was moved from 28 May to 4 June by Royal Proclamation for the Diamond Jubilee, and date-holidays
// lacks the royal wedding bank holiday of 29 April 2011 (UK-wide, by proclamation). One-off titles are
// given GOV.UK's wording. test/calendar/snapshot.test.ts pins the result against dates published by GOV.UK.
'use strict';
const fs = require('fs');
const path = require('path');
const Holidays = require('date-holidays');

const FROM = 2010;
const TO = 2028;
const DIVISIONS = { 'england-and-wales': 'ENG', scotland: 'SCT', 'northern-ireland': 'NIR' };
const MOVES = { '2012-05-28': { date: '2012-06-04', title: 'Spring bank holiday', notes: 'Moved date' } };
const ADDED = [{ title: 'Royal wedding bank holiday', date: '2011-04-29', notes: '', bunting: true }];
const TITLES = {
  '2012-06-05': 'Queen’s Diamond Jubilee',
  '2020-05-08': 'Early May bank holiday (VE day)',
  '2022-06-03': 'Platinum Jubilee bank holiday',
  '2022-09-19': 'Bank Holiday for the State Funeral of Queen Elizabeth II',
  '2023-05-08': 'Bank holiday for the coronation of King Charles III',
};

const out = {
  _source:
    'GOV.UK bank holidays (https://www.gov.uk/bank-holidays.json shape), rebuilt offline by ' +
    'scripts/build-holiday-snapshot.js from date-holidays with the 2011 royal wedding and the 2012 Spring bank holiday move applied',
  _generated: '2026-11-27',
  _coverage: { from: FROM, to: TO },
};
for (const [division, state] of Object.entries(DIVISIONS)) {
  const hd = new Holidays('GB', state);
  const events = [];
  for (let y = FROM; y <= TO; y++) {
    for (const h of hd.getHolidays(y)) {
      if (h.type !== 'public' && h.type !== 'bank') continue;
      let date = h.date.slice(0, 10);
      const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
      if (dow === 0 || dow === 6) continue; // GOV.UK lists the substitute weekday instead
      let title = TITLES[date] ?? h.name.replace(/\s*\(substitute day\)$/, '');
      let notes = h.substitute ? 'Substitute day' : '';
      const move = MOVES[date];
      if (move) ({ date, title, notes } = { ...move });
      events.push({ title, date, notes, bunting: true });
    }
  }
  for (const a of ADDED) events.push({ ...a });
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  out[division] = { division, events };
}
const file = path.join(__dirname, '..', 'src', 'calendar', 'data', 'bank-holidays.snapshot.json');
fs.writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${file}`);
