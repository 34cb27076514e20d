import type { Socket } from 'node:net';
import { AddressRateLimiter } from './address-rate-limiter.js';

/**
 * Limits applied to a TCP connection the moment it is accepted, before TLS
 * and HTTP cost anything: how many connections one source address may hold
 * open at once, and how fast it may open new ones. A connection over either
 * limit is closed at once; agents take that as "not reached" and retry with
 * jitter. Without it one address could hold hundreds of connections with
 * unfinished headers (Node keeps them for minutes by default) or make the
 * service do TLS handshakes without end.
 */
export interface ConnectionLimits {
  /** Open connections per source address. A NAT gateway in front of a fleet counts as one address. */
  maximumPerAddress: number;
  /** New connections per second and burst per source address. */
  ratePerSecond: number;
  burst: number;
}

export const defaultConnectionLimits: ConnectionLimits = { maximumPerAddress: 256, ratePerSecond: 200, burst: 1000 };

export class ConnectionGuard {
  private readonly open = new Map<string, number>();
  private readonly rate: AddressRateLimiter;
  /** Connections closed at accept time, by reason (for tests and logs). */
  readonly refused = { overLimit: 0, overRate: 0 };
  /** Connections let through. */
  admitted = 0;

  constructor(
    private readonly limits: ConnectionLimits,
    clock: { now(): number },
  ) {
    if (!(limits.maximumPerAddress >= 1)) throw new RangeError(`connectionLimits.maximumPerAddress must be at least 1 (got ${limits.maximumPerAddress})`);
    this.rate = new AddressRateLimiter({ ratePerSecond: limits.ratePerSecond, burst: limits.burst, clock });
  }

  private readonly sockets = new Set<Socket>();

  /** Call on the server's `connection` event: counts the socket (true), or closes it when over a limit (false). */
  admit(socket: Socket): boolean {
    const address = socket.remoteAddress ?? 'unknown';
    const open = this.open.get(address) ?? 0;
    if (open >= this.limits.maximumPerAddress) {
      this.refused.overLimit += 1;
      socket.destroy();
      return false;
    }
    if (this.rate.take(address) > 0) {
      this.refused.overRate += 1;
      socket.destroy();
      return false;
    }
    this.open.set(address, open + 1);
    this.admitted += 1;
    this.sockets.add(socket);
    socket.once('close', () => {
      this.sockets.delete(socket);
      const remaining = (this.open.get(address) ?? 1) - 1;
      if (remaining <= 0) this.open.delete(address);
      else this.open.set(address, remaining);
    });
    return true;
  }

  /** Closes every connection still open (the service is stopping). */
  destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  openConnections(address: string): number {
    return this.open.get(address) ?? 0;
  }
}
