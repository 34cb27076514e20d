import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error.js';
import { formatBootstrapEndpoint, parseBootstrapEndpoint } from './bootstrap-endpoint.js';

describe('parseBootstrapEndpoint', () => {
  it('reads IPv4, IPv6 in brackets and host names', () => {
    expect(parseBootstrapEndpoint('203.0.113.7:9443')).toEqual({ host: '203.0.113.7', port: 9443 });
    expect(parseBootstrapEndpoint('[2001:db8::7]:9443')).toEqual({ host: '2001:db8::7', port: 9443 });
    expect(formatBootstrapEndpoint(parseBootstrapEndpoint('[2001:db8::7]:9443'))).toBe('[2001:db8::7]:9443');
    expect(parseBootstrapEndpoint('bootstrap.example.com:443')).toEqual({ host: 'bootstrap.example.com', port: 443 });
  });

  it('refuses what machines in a cloud cannot dial, and malformed input', () => {
    for (const text of ['127.0.0.1:9443', 'localhost:9443', '[::1]:9443', '0.0.0.0:9443']) {
      expect(() => parseBootstrapEndpoint(text), text).toThrow(/loopback address that machines in a real cloud cannot reach/);
    }
    for (const text of ['203.0.113.7', '203.0.113.7:0', '203.0.113.7:70000', 'bad_host:9443', ':9443']) {
      expect(() => parseBootstrapEndpoint(text), text).toThrow(UsageError);
    }
  });
});
