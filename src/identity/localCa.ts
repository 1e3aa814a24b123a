// A small certificate authority made with openssl, standing in for the council's CA on the stack: the Temporal
// server's certificate, and client certificates naming a service or person (CN) and their permissions (OU,
// "<namespace>:<role>", as server/access/claims.go reads them). EC P-256 keys; the CA key stays in its folder.
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';

export interface KeyPair {
  cert: string;
  key: string;
}

const openssl = (dir: string, ...args: string[]) =>
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** The CA in `dir`, made once (ten years) and kept. */
export function ensureCa(dir: string, name: string): KeyPair {
  const ca = { cert: path.join(dir, 'ca.pem'), key: path.join(dir, 'ca.key') };
  if (fs.existsSync(ca.cert) && fs.existsSync(ca.key)) return ca;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  openssl(
    dir,
    'req',
    '-x509',
    ...EC,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '3650',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  fs.chmodSync(ca.key, 0o600);
  return ca;
}

export interface CertificateRequest {
  /** The file name stem: <name>.pem and <name>.key. */
  name: string;
  commonName: string;
  /** Organisational units: for a client, its permissions ("default:worker"). */
  units?: string[];
  /** For a server: the names and addresses it answers on. */
  dns?: string[];
  ips?: string[];
  /** serverAuth, clientAuth, or both (a Temporal node is each to the others). */
  usage: ('server' | 'client')[];
}

/** A certificate signed by the CA in `dir`, made once and kept (two years). */
export function ensureCertificate(dir: string, r: CertificateRequest): KeyPair {
  const pair = { cert: path.join(dir, `${r.name}.pem`), key: path.join(dir, `${r.name}.key`) };
  if (fs.existsSync(pair.cert) && fs.existsSync(pair.key)) return pair;
  const subject = `/CN=${r.commonName}${(r.units ?? []).map((u) => `/OU=${u}`).join('')}`;
  const san = [...(r.dns ?? []).map((d) => `DNS:${d}`), ...(r.ips ?? []).map((i) => `IP:${i}`)];
  const eku = r.usage.map((u) => (u === 'server' ? 'serverAuth' : 'clientAuth')).join(',');
  const ext = [
    `extendedKeyUsage=${eku}`,
    'keyUsage=critical,digitalSignature',
    ...(san.length ? [`subjectAltName=${san.join(',')}`] : []),
  ];
  fs.writeFileSync(path.join(dir, `${r.name}.ext`), ext.join('\n') + '\n');
  openssl(dir, 'req', ...EC, '-keyout', `${r.name}.key`, '-out', `${r.name}.csr`, '-subj', subject);
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    `${r.name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    `${r.name}.pem`,
    '-days',
    '730',
    '-extfile',
    `${r.name}.ext`,
  );
  fs.chmodSync(pair.key, 0o600);
  for (const tmp of [`${r.name}.csr`, `${r.name}.ext`]) fs.rmSync(path.join(dir, tmp), { force: true });
  return pair;
}
