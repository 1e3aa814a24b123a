import type { Command } from 'commander';
import { AesGcmCodec } from '../../../crypto/codec';
import { createCodecServer } from '../../../crypto/codecServer';
import { councilTokenGate, sharedSecretGate, type Gate } from '../../../crypto/codecGates';
import { councilTokenCheck } from '../../../identity/councilTokens';
import type { Config } from '../../../config/env';
import { loadKeyring } from '../../../crypto/keys';
import { intArg } from '../args';
import { getConfig } from '../context';
import { badInput } from '../errors';
import { printLines } from '../io';

/** Council tokens where they are configured; else the shared secret, which must then be set. */
async function codecGate(cfg: Config): Promise<Gate> {
  if (cfg.councilTokens)
    return councilTokenGate(await councilTokenCheck(cfg.councilTokens), cfg.temporal.namespace);
  const token = process.env.CPCASE_CODEC_TOKEN ?? '';
  if (token.length < 24)
    throw badInput(
      'CPCASE_CODEC_TOKEN: must be set to a secret of at least 24 characters (or set CPCASE_TOKEN_JWKS and ' +
        "CPCASE_TOKEN_ISSUER to admit the council's tokens)",
    );
  return sharedSecretGate(token);
}

export function register(cmd: Command): void {
  cmd
    .option('--port <port>', 'port to listen on', intArg('--port', 1, 65535), 8888)
    .option('--host <ip>', 'address to listen on (0.0.0.0 inside a container)', '127.0.0.1')
    .option('--origin <url>', "the Web UI's origin allowed by CORS", 'http://localhost:8233')
    .addHelpText(
      'after',
      '\nWhere council tokens are checked (CPCASE_TOKEN_JWKS and CPCASE_TOKEN_ISSUER set), it admits a person whose\n' +
        'token holds reader, administrator or operator; the Web UI passes its user\'s token ("pass access token").\n' +
        'Otherwise (the embedded default) the shared secret CPCASE_CODEC_TOKEN (at least 24 characters): set the\n' +
        'codec endpoint to http://localhost:<port>/<token>.',
    )
    .action(async (opts: { port: number; host: string; origin: string }) => {
      const cfg = getConfig();
      const server = createCodecServer({
        codec: new AesGcmCodec(loadKeyring(cfg.keys.file, cfg.keys.json)),
        gate: await codecGate(cfg),
        origin: opts.origin,
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host, () => resolve());
      });
      printLines([`codec server on http://${opts.host}:${opts.port} for ${opts.origin}; Ctrl-C stops it.`]);
      await new Promise<void>((resolve) => {
        const stop = () => server.close(() => resolve());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
