// Where the provisioned Temporal binaries are (written by `npm run tools`). An environment variable wins, as it
// does in the provisioning script; 'sdk-download' means let @temporalio/testing fetch its own (needs internet).
import fs from 'fs';
import path from 'path';

export type ToolKey = 'temporal' | 'testServer';
const ENV: Record<ToolKey, string> = {
  temporal: 'TEMPORAL_CLI_PATH',
  testServer: 'TEMPORAL_TEST_SERVER_PATH',
};

export const PROJECT_ROOT = path.resolve(
  __dirname,
  '..',
  '..',
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '',
);

export function toolPath(key: ToolKey): string | null {
  const fromEnv = process.env[ENV[key]];
  if (fromEnv) return fromEnv;
  const manifest = path.join(PROJECT_ROOT, '.tools', 'tools.json');
  if (!fs.existsSync(manifest)) {
    throw new Error(`no ${manifest}: run 'npm run tools' first (it installs the Temporal binaries)`);
  }
  const tools = (
    JSON.parse(fs.readFileSync(manifest, 'utf8')) as { tools: Record<string, { path: string | null }> }
  ).tools;
  return tools[key]?.path ?? null;
}

/** The `executable` option for @temporalio/testing's servers. */
export function executableFor(key: ToolKey): { type: 'existing-path'; path: string } | undefined {
  const p = toolPath(key);
  return p ? { type: 'existing-path', path: p } : undefined;
}
