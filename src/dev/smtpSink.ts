// An SMTP server that accepts everything and keeps, for each message, its Message-ID, its X-Cpcase-Key and
// when it was accepted: what the load benchmark needs to say how late a burst of reminders arrived.
import type { AddressInfo } from 'net';
import { SMTPServer } from 'smtp-server';

export interface Accepted {
  messageId: string;
  key: string;
  /** When the sink accepted it (epoch ms, this machine's clock). */
  at: number;
}

const header = (raw: string, name: string) => {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/) >>> 0);
  const m = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head);
  return m ? m[1]!.trim() : '';
};

export interface SmtpSink {
  url: string;
  accepted: Accepted[];
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const accepted: Accepted[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        accepted.push({
          messageId: header(raw, 'Message-ID'),
          key: header(raw, 'X-Cpcase-Key'),
          at: Date.now(),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
