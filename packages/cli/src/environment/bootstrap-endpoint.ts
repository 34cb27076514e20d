/**
 * `--bootstrap-endpoint HOST:PORT`: the address machines in a real cloud dial
 * back to for their certificates. The node-authorization service listens on
 * that port on every interface and its serving certificate names HOST.
 */
import { isIP } from 'node:net';
import { UsageError } from '../usage-error.js';

export interface BootstrapEndpoint {
  host: string;
  port: number;
}

const hostNamePattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export function parseBootstrapEndpoint(text: string): BootstrapEndpoint {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text.trim());
  const host = match?.[1] ?? '';
  const port = Number(match?.[2]);
  if (!match || !(isIP(host) || hostNamePattern.test(host)) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`--bootstrap-endpoint must be HOST:PORT (such as 203.0.113.7:9443 or bootstrap.example.com:9443), got "${text}"`);
  }
  if (isLoopback(host)) {
    throw new UsageError(
      `--bootstrap-endpoint ${text} is a loopback address that machines in a real cloud cannot reach; pass an address of this machine they can dial (a public IP, or a private one on a network they share)`,
    );
  }
  return { host, port };
}

export function formatBootstrapEndpoint(endpoint: BootstrapEndpoint): string {
  return isIP(endpoint.host) === 6 ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
}

function isLoopback(host: string): boolean {
  const lower = host.toLowerCase();
  return lower === 'localhost' || lower.endsWith('.localhost') || lower === '::1' || lower.startsWith('127.') || lower === '0.0.0.0' || lower === '::';
}
