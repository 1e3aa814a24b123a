// The SMTP sink the sending tests share: a client that dies in the middle of a message (a worker killed while
// sending, as the stack's burst test does) is what a real server sees and logs, not a crash of the test.
// Two at once, because smtp-server's first reset met a leftover start-up listener and only the second crashed.
import net from 'net';
import { TestSmtp } from './smtp';

/** Opens a connection, begins a message, and resets the socket once MAIL FROM was accepted. */
async function dropMidMessage(port: number): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  // What to say after each of the server's complete replies: its greeting, EHLO's reply, MAIL FROM's reply.
  const next = ['EHLO worker\r\n', 'MAIL FROM:<a@example.org>\r\n'];
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('data', (d: Buffer) => {
      buffered += d.toString();
      // A reply is complete at a line whose code is followed by a space (not "250-", a line continued).
      while (/^\d{3} .*\r\n/m.test(buffered)) {
        buffered = buffered.replace(/^[\s\S]*?^\d{3} .*\r\n/m, '');
        const say = next.shift();
        if (say === undefined) return resolve();
        socket.write(say);
      }
    });
  });
  socket.resetAndDestroy();
}

test('two clients dropped mid-message: the sink keeps running, counts both, and takes the next message', async () => {
  const smtp = new TestSmtp();
  await smtp.start();
  try {
    await Promise.all([dropMidMessage(smtp.port), dropMidMessage(smtp.port)]);
    const deadline = Date.now() + 5_000;
    while (smtp.dropped.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(smtp.dropped.map((e) => (e as Error & { code?: string }).code)).toEqual([
      'ECONNRESET',
      'ECONNRESET',
    ]);
    await smtp
      .transport()
      .sendMail({ from: 'a@example.org', to: 'b@example.org', subject: 'after', text: 'x' });
    expect(smtp.received.map((r) => r.mail.subject)).toEqual(['after']);
  } finally {
    await smtp.stop();
  }
});
