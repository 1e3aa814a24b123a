// How a case reads on a terminal when its mail is not getting through: the administrator must see it.
import { caseLines } from '../../src/client/cli/caseView';
import type { CaseStatus } from '../../src/domain/case/status';
import type { LocalDate } from '../../src/domain/dates';

const status: CaseStatus = {
  caseRef: 'CP-2026-0301',
  region: 'england-and-wales',
  stage: 's47-enquiry',
  today: '2026-12-01' as LocalDate,
  policyId: 'cpcase-default-2026-11',
  planRules: 4,
  calendarSource: 'test',
  staff: { socialWorker: 'SW-101', teamManager: 'TM-201' },
  children: [],
  conferences: [],
  deadlines: [],
  overdue: 0,
  eventsRecorded: 1,
  events: [],
};

test('a fault of the mail set-up and a person not reached are shown, each on one line', () => {
  const lines = caseLines({
    ...status,
    mail: {
      fault: {
        kind: 'configuration',
        since: Date.parse('2026-12-01T09:00:00Z'),
        detail: '535 5.7.8 (AUTH PLAIN)',
      },
      problems: [
        {
          key: 'CP-2026-0301/icpc:E1/escalate-2',
          recipient: 'service-manager SM-301',
          problem: 'the mail server refused it: 550 5.1.1 (RCPT TO)',
          alerted: false,
          at: Date.parse('2026-12-01T09:00:05Z'),
        },
      ],
    },
  });
  expect(lines).toContain(
    'MAIL NOT GETTING THROUGH since Tue 1 Dec 2026 09:00: the mail set-up is at fault (535 5.7.8 (AUTH PLAIN)); ' +
      'every message is kept and tried again until it goes',
  );
  expect(lines).toContain(
    'Could not reach service-manager SM-301 on Tue 1 Dec 2026 09:00 (CP-2026-0301/icpc:E1/escalate-2): ' +
      'the mail server refused it: 550 5.1.1 (RCPT TO); ' +
      'the alert to the safeguarding administrator could not be delivered either',
  );
  expect(caseLines(status).join('\n')).not.toContain('MAIL');
});
