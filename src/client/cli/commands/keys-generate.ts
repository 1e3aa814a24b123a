import type { Command } from 'commander';
import { generateKey } from '../../../crypto/keys';
import { getConfig } from '../context';
import { printJson, printLines } from '../io';

export interface KeysGenerateData {
  file: string;
  current: string;
  retired: string[];
}

export function gatherKeysGenerate(opts: { file?: string; id?: string }): KeysGenerateData {
  const file = opts.file ?? getConfig().keys.file;
  const k = generateKey(file, opts.id);
  return { file, current: k.current, retired: Object.keys(k.keys).filter((id) => id !== k.current) };
}

export function register(cmd: Command): void {
  cmd
    .option('--file <path>', 'the keys file (default: CPCASE_KEYS_FILE, or <data dir>/keys.json)')
    .option('--id <id>', 'the new key id (default: k<date>-<random>)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nRotation: run this, then restart the worker and every client with the new file. Payloads written from then on\n' +
        'use the new key; keep the retired keys in the file for as long as any history written with them is kept.',
    )
    .action((opts: { file?: string; id?: string; json?: boolean }) => {
      const d = gatherKeysGenerate(opts);
      if (opts.json) return printJson(d);
      printLines([
        `${d.file}: new current key ${d.current}${d.retired.length ? `; retired keys kept: ${d.retired.join(', ')}` : ''}.`,
        'The file holds secrets: keep it readable by the cpcase service only, and backed up with its database.',
      ]);
    });
}
