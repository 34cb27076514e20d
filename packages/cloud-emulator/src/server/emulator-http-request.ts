/**
 * A request as a cloud emulator's service sees it (body already read), and the
 * reply it gives back. Kept free of node:http types so services are easy to test.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { CloudFault } from '../faults/cloud-fault.js';

export interface EmulatorHttpRequest {
  method: string;
  url: URL;
  /** `url.pathname`, decoded. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text(): string;
  /** The body parsed as JSON; a CloudFault `invalid-request` when it is not JSON. */
  json(): unknown;
  /** The body parsed as `application/x-www-form-urlencoded` (EC2 Query API). */
  form(): URLSearchParams;
}

export interface EmulatorHttpReply {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as UTF-8; an object is sent as JSON with `content-type: application/json`. */
  body?: string | Uint8Array | Record<string, unknown> | unknown[];
}

/** What a cloud emulator plugs into `startHttpEmulator`. */
export interface HttpEmulatorService {
  /** The action name of a request (`RunInstances`, `compute.instances.insert`), used by the call log and fault filters. */
  actionOf(request: EmulatorHttpRequest): string;
  /** Does the request's work against the runtime's store and lifecycle. Throw a CloudFault for the cloud's errors. */
  handle(request: EmulatorHttpRequest, action: string): EmulatorHttpReply | Promise<EmulatorHttpReply>;
  /** Renders a CloudFault (injected or raised by `handle`) in the cloud's error shape, status and headers (Retry-After). */
  renderError(fault: CloudFault, request: EmulatorHttpRequest, action: string): EmulatorHttpReply;
}
