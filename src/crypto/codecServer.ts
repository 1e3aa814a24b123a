// The codec server the Temporal Web UI calls to show authorised staff decoded payloads. Every call needs a
// credential its gate admits (codecGates.ts: a council token with a role that reads case data, or on the embedded
// default the shared secret), as an Authorization header or the first path segment for a UI without login;
// CORS admits only the UI's origin. It decodes and encodes; it stores and logs nothing of what passes.
import http from 'http';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { Gate } from './codecGates';

export interface CodecServerOptions {
  codec: PayloadCodec;
  gate: Gate;
  /** The Web UI's origin, e.g. http://localhost:8233. */
  origin: string;
}

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const toPayload = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
  ),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const fromPayload = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [
      k,
      Buffer.from(v ?? new Uint8Array()).toString('base64'),
    ]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export function createCodecServer(o: CodecServerOptions): http.Server {
  return http.createServer((req, res) => {
    const cors = {
      'Access-Control-Allow-Origin': o.origin,
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type, Authorization, X-Namespace',
      'Access-Control-Allow-Credentials': 'true',
      Vary: 'Origin',
    };
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { ...cors, 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    const url = new URL(req.url ?? '/', 'http://codec');
    const parts = url.pathname.split('/').filter(Boolean);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const pathToken = parts.length === 2 ? parts[0] : undefined;
    const admitted = o.gate(bearer ?? pathToken);
    if (!admitted.ok) return send(admitted.status, { error: admitted.error });
    const op = parts[parts.length - 1];
    if (req.method !== 'POST' || (op !== 'decode' && op !== 'encode'))
      return send(404, { error: 'POST /encode or /decode' });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: { payloads?: JsonPayload[] };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { payloads?: JsonPayload[] };
      } catch {
        return send(400, { error: 'the body must be JSON: {"payloads": [...]}' });
      }
      const payloads = (body.payloads ?? []).map(toPayload);
      (op === 'decode' ? o.codec.decode(payloads) : o.codec.encode(payloads))
        .then((out) => send(200, { payloads: out.map(fromPayload) }))
        .catch((e: unknown) => send(400, { error: e instanceof Error ? e.message : String(e) }));
    });
  });
}
