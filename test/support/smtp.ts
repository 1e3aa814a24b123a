// A real SMTP server in the test process (smtp-server), every accepted message parsed with mailparser.
// It can be taken down and brought back on the same port, and refuses any address containing "bounce" with a
// 550, as a real server refuses an unknown mailbox. With `password` set it demands that password (AUTH PLAIN or
// LOGIN) and answers any other with 535, as a server does after its credentials were changed. With `busy` set it
// answers 421 (try again later).
import type { AddressInfo } from 'net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';

export interface Received {
  raw: string;
  mail: ParsedMail;
  to: string[];
  /** When the server accepted it (this machine's clock, epoch ms). */
  at: number;
}

export class TestSmtp {
  readonly received: Received[] = [];
  private server?: SMTPServer;
  port = 0;
  /** The password the server accepts; undefined: no authentication asked for. */
  password?: string;
  /** While set, every MAIL FROM is answered 421 (a server shedding load or going down for maintenance). */
  busy = false;
  /** Failed logins, to see that a client kept trying. */
  refusedLogins = 0;
  /** Connections a client dropped mid-message (a worker killed while sending), as a real server logs them. */
  readonly dropped: Error[] = [];

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (auth, _session, cb) => {
        if (this.password === undefined || auth.password === this.password)
          return cb(null, { user: auth.username });
        this.refusedLogins += 1;
        const err = new Error('5.7.8 Authentication credentials invalid') as Error & { responseCode: number };
        err.responseCode = 535;
        cb(err);
      },
      onMailFrom: (_address, _session, cb) => {
        if (!this.busy) return cb();
        const err = new Error('4.3.2 Service not available, try again later') as Error & {
          responseCode: number;
        };
        err.responseCode = 421;
        cb(err);
      },
      onRcptTo: (address, _session, cb) => {
        if (address.address.includes('bounce')) {
          const err = new Error('5.1.1 mailbox unavailable') as Error & { responseCode: number };
          err.responseCode = 550;
          return cb(err);
        }
        cb();
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const at = Date.now();
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((mail) => {
              this.received.push({ raw, mail, to: session.envelope.rcptTo.map((r) => r.address), at });
              cb();
            })
            .catch(cb);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    // smtp-server re-emits a client's reset in the middle of a message on the server; without a listener the
    // second such reset (two sends in hand when a worker is killed) would be an uncaught error in the test.
    server.on('error', (err) => this.dropped.push(err));
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** `password`: the client logs in with it (as a worker whose SMTP_URL carries credentials). */
  transport(password?: string) {
    // No pooling: each send opens a connection, so "server down" is seen at once.
    return nodemailer.createTransport({
      host: '127.0.0.1',
      port: this.port,
      secure: false,
      ignoreTLS: true,
      ...(password !== undefined ? { auth: { user: 'cpcase', pass: password } } : {}),
    });
  }
}
