import type { Command } from 'commander';
import { AesGcmCodec } from '../../../crypto/codec';
import { createCodecServer } from '../../../crypto/codecServer';
import { loadKeyring } from '../../../crypto/keys';
import { intArg } from '../args';
import { getConfig } from '../context';
import { badInput } from '../errors';
import { printLines } from '../io';

export function register(cmd: Command): void {
  cmd
    .option('--port <port>', 'port to listen on', intArg('--port', 1, 65535), 8888)
    .option('--host <ip>', 'address to listen on (0.0.0.0 inside a container)', '127.0.0.1')
    .option('--origin <url>', "the Web UI's origin allowed by CORS", 'http://localhost:8233')
    .addHelpText(
      'after',
      '\nThe token comes from CPCASE_CODEC_TOKEN (at least 24 characters). In the Web UI set the codec endpoint to\n' +
        'http://localhost:<port>/<token> (no UI login), or to http://localhost:<port> with "pass access token".',
    )
    .action(async (opts: { port: number; host: string; origin: string }) => {
      const token = process.env.CPCASE_CODEC_TOKEN ?? '';
      if (token.length < 24)
        throw badInput('CPCASE_CODEC_TOKEN: must be set to a secret of at least 24 characters');
      const cfg = getConfig();
      const server = createCodecServer({
        codec: new AesGcmCodec(loadKeyring(cfg.keys.file, cfg.keys.json)),
        token,
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
