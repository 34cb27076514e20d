/**
 * A real Keystone 30.0.0 for tests, from the venv tools/keystone/install.sh
 * makes (its path in SLIPWAY_KEYSTONE_VENV; CI sets it). Each call starts one
 * on a free 127.0.0.1 port with a fresh sqlite database, bootstrapped with an
 * admin user in project admin (domain Default) and its identity endpoints in
 * RegionOne. `admin()` is a tiny client for setting up what a test needs.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const keystoneVenv = process.env['SLIPWAY_KEYSTONE_VENV'];

/** Why real-Keystone tests cannot run here, or undefined when they can. */
export function realKeystoneUnavailable(): string | undefined {
  if (keystoneVenv === undefined) return 'SLIPWAY_KEYSTONE_VENV is not set (run tools/keystone/install.sh and export its output)';
  if (!existsSync(join(keystoneVenv, 'bin', 'serve-keystone.py'))) return `${keystoneVenv} holds no serve-keystone.py: rerun tools/keystone/install.sh`;
  return undefined;
}

export interface RealKeystone {
  /** http://127.0.0.1:PORT/v3 */
  authUrl: string;
  adminPassword: string;
  /** A call as admin (project-scoped token), JSON in and out. */
  admin(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: any }>;
  adminToken(): Promise<string>;
  stop(): Promise<void>;
}

export async function startRealKeystone(options: { tokenExpirationSeconds?: number } = {}): Promise<RealKeystone> {
  const unavailable = realKeystoneUnavailable();
  if (unavailable !== undefined) throw new Error(unavailable);
  const dataDirectory = mkdtempSync(join(tmpdir(), 'slipway-keystone-'));
  const adminPassword = randomBytes(12).toString('hex');
  const child = spawn(
    join(keystoneVenv!, 'bin', 'python'),
    [join(keystoneVenv!, 'bin', 'serve-keystone.py'), '--data-dir', dataDirectory, '--admin-password', adminPassword, '--token-expiration', String(options.tokenExpirationSeconds ?? 3600)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    errors = (errors + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const authUrl = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`Keystone did not start within 180 s:\n${errors}`)), 90_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { endpoint: string }).endpoint);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Keystone exited with ${code} before serving:\n${errors}`));
    });
  });
  let token: string | undefined;
  const adminToken = async () => {
    if (token !== undefined) return token;
    const response = await fetch(`${authUrl}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: 'admin', domain: { id: 'default' }, password: adminPassword } } },
          scope: { project: { name: 'admin', domain: { id: 'default' } } },
        },
      }),
    });
    if (response.status !== 201) throw new Error(`admin authentication failed: ${response.status} ${await response.text()}`);
    token = response.headers.get('x-subject-token')!;
    return token;
  };
  return {
    authUrl,
    adminPassword,
    adminToken,
    admin: async (method, path, body, headers = {}) => {
      const response = await fetch(`${authUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-auth-token': await adminToken(), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
    },
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}
