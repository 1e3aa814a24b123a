// The custom search attributes every case keeps current, for `cpcase list` and the Web UI. Values are opaque
// references only (stage names, staff ids, team codes): never a child's name or date of birth.
import { defineSearchAttributeKey } from '@temporalio/common';

export const SA = {
  stage: defineSearchAttributeKey('CpcaseStage', 'KEYWORD'),
  nextDue: defineSearchAttributeKey('CpcaseNextDue', 'DATETIME'),
  overdue: defineSearchAttributeKey('CpcaseOverdue', 'INT'),
  socialWorker: defineSearchAttributeKey('CpcaseSocialWorker', 'KEYWORD'),
  team: defineSearchAttributeKey('CpcaseTeam', 'KEYWORD'),
  region: defineSearchAttributeKey('CpcaseRegion', 'KEYWORD'),
} as const;

export const ALL_SEARCH_ATTRIBUTES = Object.values(SA);

/** The dev server's --search-attribute flags: Name=Type with the CLI's type spelling. */
export function devServerSearchAttributeArgs(): string[] {
  const cliType: Record<string, string> = { KEYWORD: 'Keyword', DATETIME: 'Datetime', INT: 'Int' };
  return ALL_SEARCH_ATTRIBUTES.flatMap((k) => [
    '--search-attribute',
    `${k.name}=${cliType[k.type] ?? k.type}`,
  ]);
}
