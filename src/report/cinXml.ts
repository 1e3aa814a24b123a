// The census return as the DfE's XML: the Message, its Header, and one Child per child with CINdetails per case
// (elements in the order of the DfE's schema; an element with no value is left out, never filled in).
import { returnChildren, type CensusChild, type CensusReturn } from '../domain/census/cin';

export interface CensusHeader {
  /** The council's three-digit LA number. */
  lea: string;
  /** When the file was made, as an ISO local date-time without zone. */
  dateTime: string;
  release: string;
  /** Said in the header as a comment: how this file differs from a return the DfE would take (its period). */
  provenance?: string;
}

const esc = (v: string) =>
  v.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

type Node = [tag: string, value: string | Node[] | undefined];

function write(nodes: Node[], indent: string): string[] {
  return nodes.flatMap(([tag, value]) => {
    if (value === undefined) return [];
    if (typeof value === 'string') return [`${indent}<${tag}>${esc(value)}</${tag}>`];
    const inner = write(value, indent + '  ');
    // A container with nothing in it (no disabilities given, no reviews yet) is left out like an empty field.
    return inner.length ? [`${indent}<${tag}>`, ...inner, `${indent}</${tag}>`] : [];
  });
}

function cinDetails(c: CensusChild): Node {
  return [
    'CINdetails',
    [
      ['CINreferralDate', c.council.referralDate],
      ['ReferralSource', c.council.referralSource],
      ['PrimaryNeedCode', c.council.primaryNeed],
      ['CINclosureDate', c.council.closureDate],
      ['ReasonForClosure', c.council.reasonForClosure],
      ['DateOfInitialCPC', c.dateOfInitialCpc],
      // Every child in the return had an enquiry or a plan: the referral led to further action.
      ['ReferralNFA', 'false'],
      ...c.section47.map((s): Node => [
        'Section47',
        [
          ['S47ActualStartDate', s.s47ActualStartDate],
          ['InitialCPCtarget', s.initialCpcTarget],
          ['DateOfInitialCPC', s.dateOfInitialCpc],
          ['ICPCnotRequired', String(s.icpcNotRequired)],
        ],
      ]),
      ...c.plans.map((p): Node => [
        'ChildProtectionPlans',
        [
          ['CPPstartDate', p.cppStartDate],
          ['CPPendDate', p.cppEndDate],
          ['InitialCategoryOfAbuse', p.initialCategoryOfAbuse],
          ['LatestCategoryOfAbuse', p.latestCategoryOfAbuse],
          ['NumberOfPreviousCPP', String(p.numberOfPreviousCpp)],
          ['Reviews', p.reviews.map((d): Node => ['CPPreviewDate', d])],
        ],
      ]),
    ],
  ];
}

/** One Child per LA child id: a child known on two cases has two CINdetails. */
function child({ episodes }: { episodes: CensusChild[] }): Node {
  const c = episodes[0]!;
  const k = c.council;
  return [
    'Child',
    [
      [
        'ChildIdentifiers',
        [
          ['LAchildID', k.laChildId ?? c.childId],
          ['UPN', k.upn],
          ['FormerUPN', k.formerUpn],
          ['UPNunknown', k.upnUnknown],
          ['PersonBirthDate', c.personBirthDate],
          ['ExpectedPersonBirthDate', c.expectedPersonBirthDate],
          ['Sex', k.sex],
        ],
      ],
      [
        'ChildCharacteristics',
        [
          ['Ethnicity', k.ethnicity],
          ['Disabilities', k.disabilities?.map((d): Node => ['Disability', d])],
        ],
      ],
      ...episodes.map(cinDetails),
    ],
  ];
}

export function renderCinXml(r: CensusReturn, h: CensusHeader): string {
  const message: Node = [
    'Message',
    [
      [
        'Header',
        [
          [
            'CollectionDetails',
            [
              ['Collection', 'CIN'],
              ['Year', r.to.slice(0, 4)],
              ['ReferenceDate', r.to],
            ],
          ],
          [
            'Source',
            [
              ['SourceLevel', 'L'],
              ['LEA', h.lea],
              ['SoftwareCode', 'cpcase'],
              ['Release', h.release],
              ['SerialNo', '001'],
              ['DateTime', h.dateTime],
            ],
          ],
        ],
      ],
      ['Children', returnChildren(r).map(child)],
    ],
  ];
  const lines = write([message], '');
  if (h.provenance) lines.splice(2, 0, `    <!-- ${esc(h.provenance).replace(/--/g, '- -')} -->`);
  return ['<?xml version="1.0" encoding="UTF-8"?>', ...lines, ''].join('\n');
}
