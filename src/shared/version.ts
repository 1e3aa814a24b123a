// cpcase's own version, from its package.json (found upwards from this file: src/ under ts-jest, dist/src/ when
// built), so `--version` and the census file's Release say the same whether run through npm or not.
import fs from 'fs';
import path from 'path';
import { z } from 'zod';

let version: string | undefined;

export function packageVersion(): string {
  if (version) return version;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const parsed = z.object({ version: z.string() }).safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
      version = parsed.success ? parsed.data.version : '0.0.0';
      return version;
    }
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}
