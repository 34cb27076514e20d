import { describe, expect, it } from 'vitest';
import { applyBootstrapReport } from './apply-bootstrap-report.js';

describe('applyBootstrapReport', () => {
  it('records each phase once, in order, and only moves the current phase forward', () => {
    let status = applyBootstrapReport({}, { phase: 'UserDataReceived', outcome: 'succeeded', timestamp: '2026-11-24T12:00:00Z' });
    status = applyBootstrapReport(status, { phase: 'KubeadmCompleted', outcome: 'succeeded', timestamp: '2026-11-24T12:02:00Z' });
    status = applyBootstrapReport(status, { phase: 'CertificatesObtained', outcome: 'succeeded', timestamp: '2026-11-24T12:01:00Z' });
    status = applyBootstrapReport(status, { phase: 'UserDataReceived', outcome: 'succeeded', timestamp: '2026-11-24T12:09:00Z' });
    expect(status).toEqual({
      phase: 'KubeadmCompleted',
      phases: [
        { phase: 'UserDataReceived', timestamp: '2026-11-24T12:00:00Z' },
        { phase: 'CertificatesObtained', timestamp: '2026-11-24T12:01:00Z' },
        { phase: 'KubeadmCompleted', timestamp: '2026-11-24T12:02:00Z' },
      ],
    });
  });

  it('keeps a failure with the last 50 log lines until a re-run gets past the failed phase', () => {
    const logTail = Array.from({ length: 80 }, (_unused, index) => `line ${index}`);
    let status = applyBootstrapReport({ phase: 'CertificatesObtained' }, { phase: 'KubeadmCompleted', outcome: 'failed', exitCode: 1, logTail, timestamp: '2026-11-24T12:03:00Z' });
    expect(status.failure).toEqual({ phase: 'KubeadmCompleted', exitCode: 1, logTail: logTail.slice(30), timestamp: '2026-11-24T12:03:00Z' });
    expect(status.phase).toBe('CertificatesObtained');
    status = applyBootstrapReport(status, { phase: 'CertificatesObtained', outcome: 'succeeded', timestamp: '2026-11-24T12:04:00Z' });
    expect(status.failure?.phase).toBe('KubeadmCompleted');
    status = applyBootstrapReport(status, { phase: 'KubeadmCompleted', outcome: 'succeeded', timestamp: '2026-11-24T12:05:00Z' });
    expect(status.failure).toBeUndefined();
  });
});
