import type { Command } from 'commander';
import { riskIndicatorsOf, type Policy } from '../../../domain/policy';
import type { Targets } from '../../../domain/report/breakdowns';
import { getCouncil } from '../context';
import { printJson, printLines, table } from '../io';

export interface PolicyShowData {
  policy: Policy;
  closures: { date: string; title: string }[];
  targets: Targets;
}

export function gatherPolicyShow(file?: string): PolicyShowData {
  const c = getCouncil(file);
  return { policy: c.policy, closures: c.closures, targets: c.targets };
}

function describeOffset(p: Policy, r: Policy['rules'][number]): string {
  const unit = r.offset.unit.replace('-', ' ');
  const counting = r.offset.unit === 'working-days' ? ` (${r.counting ?? p.counting})` : '';
  return `${r.offset.amount} ${unit} ${r.offset.direction}${counting}`;
}

export function register(cmd: Command): void {
  cmd
    .option('--policy <file>', 'a policy file to show instead of CPCASE_POLICY_FILE')
    .option('--json', 'print the policy as JSON')
    .action((opts: { policy?: string; json?: boolean }) => {
      const data = gatherPolicyShow(opts.policy);
      if (opts.json) return printJson(data);
      const p = data.policy;
      const lines = [
        `Policy ${p.id}: working days counted ${p.counting === 'next-day' ? 'from the next day' : 'from the same day'}; messages at ${p.sendTime} Europe/London`,
        '',
        ...table(
          ['rule', 'due', 'anchor', 'met by', 'owner', 'ladder', 'on'],
          p.rules.map((r) => [
            r.id,
            describeOffset(p, r),
            r.anchor + (r.conferenceTypes ? ` [${r.conferenceTypes.join(',')}]` : ''),
            r.satisfiedBy,
            r.owner,
            r.ladder,
            r.enabled ? 'yes' : 'no',
          ]),
        ),
        '',
      ];
      for (const [name, steps] of Object.entries(p.ladders)) {
        lines.push(
          `Ladder ${name}: ` +
            steps
              .map(
                (s) =>
                  `${s.id} (${s.offsetWorkingDays >= 0 ? '+' : ''}${s.offsetWorkingDays} wd → ${s.to.join(', ')})`,
              )
              .join('; '),
        );
      }
      lines.push(
        '',
        data.closures.length
          ? `Closure days: ${data.closures.map((c) => `${c.date} ${c.title}`).join('; ')}`
          : 'Closure days: none',
        `Indicators of need and risk (conference-held --indicator): ${riskIndicatorsOf(p)
          .map((i) => `${i.id} (${i.label})`)
          .join('; ')}`,
        `Report targets: ${
          Object.entries(data.targets)
            .map(([id, t]) => `${id} ${t}%`)
            .join('; ') || 'none'
        }`,
      );
      printLines(lines);
    });
}
