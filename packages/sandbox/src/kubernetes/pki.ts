import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The sandbox clusters' key material, made with openssl the way kubeadm
 * lays it out: one CA, one serving certificate for 127.0.0.1/localhost
 * (the API servers and the fault proxies in front of them all listen
 * there), and the service-account signing key pair.
 */
export interface SandboxPki {
  dir: string;
  caCertFile: string;
  caKeyFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  serviceAccountKeyFile: string;
  serviceAccountPublicKeyFile: string;
  /** The CA certificate (PEM). */
  caPem: string;
  /** `caData` as kubeconfig and Backstage's kubernetes config want it: base64 of the PEM. */
  caData: string;
  serverCertPem: string;
  serverKeyPem: string;
}

const FILES = {
  caCertFile: 'ca.crt',
  caKeyFile: 'ca.key',
  serverCertFile: 'server.crt',
  serverKeyFile: 'server.key',
  serviceAccountKeyFile: 'sa.key',
  serviceAccountPublicKeyFile: 'sa.pub',
} as const;

function openssl(args: string[], cwd: string, input?: string): void {
  try {
    execFileSync('openssl', args, {
      cwd,
      input,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
  } catch (error: any) {
    const reason =
      error?.code === 'ENOENT'
        ? 'openssl is not installed (apt-get install openssl)'
        : String(error?.stderr ?? error?.message ?? error).trim();
    throw new Error(
      `creating the sandbox cluster certificates failed at \`openssl ${args[0]}\`: ${reason}`,
    );
  }
}

function generate(dir: string): void {
  // P-256 keys: fast to make and what the apiserver accepts everywhere.
  openssl(
    ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key'],
    dir,
  );
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-subj',
      '/CN=eks-platform-sandbox-ca',
      '-days',
      '3650',
      '-out',
      'ca.crt',
    ],
    dir,
  );
  openssl(
    [
      'ecparam',
      '-name',
      'prime256v1',
      '-genkey',
      '-noout',
      '-out',
      'server.key',
    ],
    dir,
  );
  openssl(
    [
      'req',
      '-new',
      '-key',
      'server.key',
      '-subj',
      '/CN=kube-apiserver',
      '-out',
      'server.csr',
    ],
    dir,
  );
  fs.writeFileSync(
    path.join(dir, 'server.ext'),
    [
      'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc',
      'extendedKeyUsage=serverAuth',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      '',
    ].join('\n'),
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '3650',
      '-extfile',
      'server.ext',
      '-out',
      'server.crt',
    ],
    dir,
  );
  openssl(
    ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'sa.key'],
    dir,
  );
  openssl(['ec', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

function load(dir: string): SandboxPki {
  const files = Object.fromEntries(
    Object.entries(FILES).map(([key, file]) => [key, path.join(dir, file)]),
  ) as Record<keyof typeof FILES, string>;
  const caPem = fs.readFileSync(files.caCertFile, 'utf8');
  return {
    dir,
    ...files,
    caPem,
    caData: Buffer.from(caPem).toString('base64'),
    serverCertPem: fs.readFileSync(files.serverCertFile, 'utf8'),
    serverKeyPem: fs.readFileSync(files.serverKeyFile, 'utf8'),
  };
}

function complete(dir: string): boolean {
  return Object.values(FILES).every(f => fs.existsSync(path.join(dir, f)));
}

/**
 * The sandbox PKI in `dir`, created once and reused (a warm start skips
 * openssl, and `app-config.yaml` can include a CA that stays the same).
 * Concurrent starts race safely: each builds in its own folder and the
 * first rename wins.
 */
export function ensureSandboxPki(dir: string): SandboxPki {
  if (complete(dir)) return load(dir);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const building = fs.mkdtempSync(
    path.join(path.dirname(dir), `.${path.basename(dir)}-`),
  );
  try {
    generate(building);
    fs.chmodSync(building, 0o700);
    try {
      fs.renameSync(building, dir);
    } catch {
      // Another start finished first (or an incomplete folder is in the
      // way, which is replaced).
      if (!complete(dir)) {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.renameSync(building, dir);
      }
    }
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
  return load(dir);
}
