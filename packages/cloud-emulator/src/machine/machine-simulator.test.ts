import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMachineSimulator, type MachineSimulator } from './machine-simulator.js';

let workDirectory: string;
let simulator: MachineSimulator;

beforeEach(async () => {
  workDirectory = await mkdtemp(join(tmpdir(), 'slipway-machine-'));
  simulator = createMachineSimulator({ workDirectory, timeoutMilliseconds: 20_000 });
});
afterEach(async () => {
  await rm(workDirectory, { recursive: true, force: true });
});

const certificate = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';

const controlPlaneUserData = `#cloud-config
write_files:
  - path: /etc/kubernetes/pki/ca.crt
    content: ${JSON.stringify(certificate)}
  - path: /etc/kubernetes/pki/ca.key
    encoding: b64
    content: ${Buffer.from('secret key').toString('base64')}
    permissions: '0600'
  - path: /etc/kubernetes/kubeadm.yaml
    encoding: gzip+b64
    content: ${gzipSync('controlPlaneEndpoint: "10.0.0.10:6443"\n').toString('base64')}
  - path: /opt/addons/cni.yaml
    content: |
      kind: DaemonSet
runcmd:
  - kubeadm init --config "\${SLIPWAY_ROOT}/etc/kubernetes/kubeadm.yaml"
  - [systemctl, enable, --now, kubelet]
  - kubectl apply -f "\${SLIPWAY_ROOT}/opt/addons/cni.yaml"
`;

describe('createMachineSimulator', () => {
  it('writes files under the sandbox and runs kubeadm init through the stand-in', async () => {
    const result = await simulator.boot({ instanceId: 'i-0abc', userData: controlPlaneUserData });
    expect(result.log).toContain('Your Kubernetes control-plane has initialized successfully!');
    expect(result.exitCode).toBe(0);
    const root = result.sandboxDirectory;
    expect(await readFile(join(root, 'etc/kubernetes/pki/ca.key'), 'utf8')).toBe('secret key');
    expect((await stat(join(root, 'etc/kubernetes/pki/ca.key'))).mode & 0o777).toBe(0o600);
    const admin = await readFile(join(root, 'etc/kubernetes/admin.conf'), 'utf8');
    expect(admin).toContain('server: https://10.0.0.10:6443');
    expect(admin).toContain(`certificate-authority-data: ${Buffer.from(certificate).toString('base64')}`);
    expect(await readFile(join(root, 'var/lib/slipway-simulator/systemctl.calls'), 'utf8')).toBe('systemctl enable --now kubelet\n');
    const applied = await readdir(join(root, 'var/lib/slipway-simulator/kubectl'));
    expect(applied).toEqual(['applied-1.yaml']);
    expect(await readFile(join(root, 'var/lib/slipway-simulator/kubectl/applied-1.yaml'), 'utf8')).toBe('kind: DaemonSet\n');
    expect(await readFile(join(root, 'var/log/cloud-init-output.log'), 'utf8')).toBe(result.log);
  });

  it('fails kubeadm with a realistic error when SLIPWAY_SIMULATE_FAILURE names it, and stops runcmd there', async () => {
    const result = await simulator.boot({
      instanceId: 'i-fail',
      userData: controlPlaneUserData,
      environment: { SLIPWAY_SIMULATE_FAILURE: 'kubeadm' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain('error execution phase preflight');
    expect(existsSync(join(result.sandboxDirectory, 'var/lib/slipway-simulator/systemctl.calls'))).toBe(false);
  });

  it('fails kubeadm when the sandbox holds etc/slipway/fail-kubeadm', async () => {
    const userData = `#cloud-config
write_files:
  - path: /etc/slipway/fail-kubeadm
    content: ""
  - path: /etc/kubernetes/pki/ca.crt
    content: "x"
runcmd:
  - kubeadm join 10.0.0.10:6443
`;
    const result = await simulator.boot({ instanceId: 'i-join', userData });
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain('error execution phase kubelet-start');
  });

  it('joins a worker, writing kubelet.conf for the endpoint given', async () => {
    const userData = `#cloud-config
write_files:
  - path: /etc/kubernetes/pki/ca.crt
    content: "ca"
runcmd:
  - kubeadm join 10.1.2.3:6443 --token abc.def
`;
    const result = await simulator.boot({ instanceId: 'i-worker', userData });
    expect(result.exitCode).toBe(0);
    expect(await readFile(join(result.sandboxDirectory, 'etc/kubernetes/kubelet.conf'), 'utf8')).toContain('server: https://10.1.2.3:6443');
  });

  it('refuses kubeadm init when the cluster CA was not delivered', async () => {
    const result = await simulator.boot({ instanceId: 'i-noca', userData: '#cloud-config\nruncmd:\n  - kubeadm init\n' });
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain('failure loading ca certificate');
  });

  it('runs a #! script directly, gzip-compressed user data included', async () => {
    const script = '#!/bin/sh\nmkdir -p "$SLIPWAY_ROOT/var/run" && echo "booted $SLIPWAY_INSTANCE_ID" > "$SLIPWAY_ROOT/var/run/marker"\nkubelet --version\n';
    const result = await simulator.boot({ instanceId: 'i-script', userData: gzipSync(script) });
    expect(result.exitCode).toBe(0);
    expect(await readFile(join(result.sandboxDirectory, 'var/run/marker'), 'utf8')).toBe('booted i-script\n');
    expect(result.log).toContain('Kubernetes v1.30.0');
  });

  it('reports the exit code of a failing command', async () => {
    const result = await simulator.boot({ instanceId: 'i-exit', userData: '#cloud-config\nruncmd:\n  - exit 7\n  - echo never\n' });
    expect(result.exitCode).toBe(7);
    expect(result.log).not.toContain('never\n');
  });

  it('stops a boot that outlives the timeout with exit code 124', async () => {
    const quick = createMachineSimulator({ workDirectory, timeoutMilliseconds: 300 });
    const result = await quick.boot({ instanceId: 'i-slow', userData: '#!/bin/sh\nsleep 30\n' });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBe(124);
  });

  it('refuses a write_files path that leaves the sandbox, naming the field', async () => {
    const result = await simulator.boot({
      instanceId: 'i-escape',
      userData: '#cloud-config\nwrite_files:\n  - path: ../../outside\n    content: x\n',
    });
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain('leaves the machine');
    expect(existsSync(join(workDirectory, '..', 'outside'))).toBe(false);
  });

  it('names the field of malformed cloud-config', async () => {
    const result = await simulator.boot({
      instanceId: 'i-bad',
      userData: '#cloud-config\nwrite_files:\n  - path: /a\n    permissions: rw\n',
    });
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain('write_files[0].permissions');
  });

  it('refuses user data that is neither cloud-config nor a script', async () => {
    const result = await simulator.boot({ instanceId: 'i-other', userData: 'hello' });
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain('unsupported user data format');
  });
});
