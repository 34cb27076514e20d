import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { InvalidBootstrapInputError } from '../errors/invalid-bootstrap-input-error.js';
import { UserDataTooLargeError } from '../errors/user-data-too-large-error.js';
import { cloudConfigProblems } from '../test-support/cloud-config-validator.js';
import { testCluster, testMachine } from '../test-support/fixtures.js';
import { agentScript } from './agent-script.js';
import { renderUserData, type RenderUserDataRequest } from './render-user-data.js';
import { checkUserDataSize, measureUserData, userDataSizeLimits } from './user-data-size-limits.js';

const caHash = `sha256:${'ab'.repeat(32)}`;
const token = 'abcdef.0123456789abcdef';

function request(overrides: Partial<RenderUserDataRequest> = {}): RenderUserDataRequest {
  return {
    cluster: testCluster(),
    machine: testMachine({ name: 'alpha-worker-0', uid: 'uid-w0', labels: { 'node.kubernetes.io/pool': 'general', team: 'infra' } }),
    role: 'worker',
    token,
    serviceUrl: 'https://bootstrap.example.net:8443',
    caHash,
    ...overrides,
  };
}

function filesOf(userData: string): Map<string, { content: string; permissions?: string; encoding?: string }> {
  const config = parse(userData) as { write_files: Array<{ path: string; content: string; permissions?: string; encoding?: string }> };
  return new Map(config.write_files.map((file) => [file.path, file]));
}

function kubeadmDocumentsOf(userData: string): Array<Record<string, any>> {
  return parseAllDocuments(filesOf(userData).get('/etc/slipway/kubeadm.yaml')?.content ?? '').map((document) => document.toJS());
}

describe('renderUserData', () => {
  const controlPlane = testMachine({ name: 'alpha-cp-0', uid: 'uid-cp0', controlPlane: true });
  it.each([
    ['the first control plane', { machine: controlPlane, role: 'init' as const }],
    ['a further control plane', { machine: controlPlane, role: 'control-plane' as const }],
    ['a worker', {}],
  ])('renders cloud-config that cloud-init\'s own schema accepts, for %s', (_label, overrides) => {
    const userData = renderUserData(request(overrides));
    expect(cloudConfigProblems(userData)).toEqual([]);
    expect(measureUserData(userData, 'raw-bytes')).toBeLessThanOrEqual(userDataSizeLimits.aws.limit);
  });

  it('is checked by a validator that does catch malformed cloud-config', () => {
    expect(cloudConfigProblems('#cloud-config\nwrite_files:\n- content: no path\nruncmd: "not a list"\n')).toEqual(
      expect.arrayContaining(['/runcmd must be array', "/write_files/0 must have required property 'path'"]),
    );
    expect(cloudConfigProblems('#cloud-config\nwrite_filez: []\n')).toEqual(['unknown top-level key write_filez']);
  });

  it('holds only the token, the service URL and the CA pin: no key or certificate', () => {
    const userData = renderUserData(request({ machine: controlPlane, role: 'init' }));
    const files = filesOf(userData);
    expect(files.get('/etc/slipway/bootstrap-token')).toMatchObject({ content: token, permissions: '0600' });
    expect(files.get('/etc/slipway/bootstrap.env')?.content).toBe(
      `SLIPWAY_SERVICE_URL='https://bootstrap.example.net:8443'\nSLIPWAY_CA_HASH='${caHash}'\nSLIPWAY_MACHINE_UID='uid-cp0'\nSLIPWAY_NODE_NAME='alpha-cp-0'\nSLIPWAY_ROLE='init'\n`,
    );
    const everything = [...files.values()].map((file) => (file.encoding === 'gzip+b64' ? gunzipSync(Buffer.from(file.content, 'base64')).toString('utf8') : file.content)).join('\n');
    expect(everything).not.toMatch(/-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/);
    expect(everything.match(/[a-z0-9]{6}\.[a-z0-9]{16}/g)).toEqual([token]);
  });

  it('ships the agent compressed, byte for byte, and starts it from runcmd under ${SLIPWAY_ROOT}', () => {
    const userData = renderUserData(request());
    const agent = filesOf(userData).get('/usr/local/bin/slipway-agent');
    expect(agent).toMatchObject({ permissions: '0755', encoding: 'gzip+b64' });
    expect(gunzipSync(Buffer.from(agent?.content ?? '', 'base64')).toString('utf8')).toBe(agentScript());
    expect((parse(userData) as { runcmd: string[] }).runcmd).toEqual(['sh "${SLIPWAY_ROOT}/usr/local/bin/slipway-agent"']);
  });

  it('derives kubeadm init and cluster configuration from the Cluster and the Machine', () => {
    const cluster = testCluster();
    cluster.spec.clusterNetwork = { services: { cidrBlocks: ['10.100.0.0/16'] }, pods: { cidrBlocks: ['172.16.0.0/14'] }, serviceDomain: 'corp.local' };
    const machine = testMachine({ name: 'alpha-cp-0', uid: 'uid-cp0', controlPlane: true, taints: [{ key: 'dedicated', value: 'control', effect: 'NoSchedule' }] });
    const [init, clusterConfiguration, ...rest] = kubeadmDocumentsOf(renderUserData(request({ cluster, machine, role: 'init' })));
    expect(rest).toEqual([]);
    expect(init).toMatchObject({
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'InitConfiguration',
      nodeRegistration: { name: 'alpha-cp-0', taints: [{ key: 'dedicated', value: 'control', effect: 'NoSchedule' }] },
    });
    expect(clusterConfiguration).toEqual({
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'ClusterConfiguration',
      clusterName: 'alpha',
      kubernetesVersion: 'v1.37.2',
      certificatesDir: '/etc/kubernetes/pki',
      networking: { serviceSubnet: '10.100.0.0/16', podSubnet: '172.16.0.0/14', dnsDomain: 'corp.local' },
      controlPlaneEndpoint: '10.0.0.10:6443',
      apiServer: { certSANs: ['10.0.0.10'] },
    });
  });

  it('derives a worker JoinConfiguration (v1beta4 from Kubernetes 1.31): file discovery, no taints, node labels as a name/value list', () => {
    const [join, ...rest] = kubeadmDocumentsOf(renderUserData(request()));
    expect(rest).toEqual([]);
    expect(join).toEqual({
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'JoinConfiguration',
      nodeRegistration: { name: 'alpha-worker-0', taints: [], kubeletExtraArgs: [{ name: 'node-labels', value: 'node.kubernetes.io/pool=general,team=infra' }] },
      discovery: { file: { kubeConfigPath: '/etc/kubernetes/discovery.conf' } },
      timeouts: { discovery: '5m0s' },
    });
  });

  it.each([
    ['1.30.9', 'kubeadm.k8s.io/v1beta3'],
    ['v1.31.0', 'kubeadm.k8s.io/v1beta4'],
    ['1.37.2', 'kubeadm.k8s.io/v1beta4'],
    ['2.0.0', 'kubeadm.k8s.io/v1beta4'],
  ])('renders kubeadm for Kubernetes %s as %s', (version, apiVersion) => {
    const machine = testMachine({ name: 'w', uid: 'u', version, labels: { team: 'infra' } });
    const [join] = kubeadmDocumentsOf(renderUserData(request({ machine })));
    expect(join?.['apiVersion']).toBe(apiVersion);
    if (apiVersion === 'kubeadm.k8s.io/v1beta3') {
      expect(join?.['nodeRegistration']).toMatchObject({ kubeletExtraArgs: { 'node-labels': 'team=infra' } });
      expect(join?.['discovery']).toMatchObject({ timeout: '5m0s' });
      expect(join?.['timeouts']).toBeUndefined();
    }
  });

  it('joins further control planes with controlPlane set and kubeadm\'s default taint', () => {
    const [join] = kubeadmDocumentsOf(renderUserData(request({ machine: controlPlane, role: 'control-plane' })));
    expect(join?.['controlPlane']).toEqual({ localAPIEndpoint: { bindPort: 6443 } });
    expect(join?.['nodeRegistration']).toEqual({ name: 'alpha-cp-0' });
  });

  it.each([
    [{ token: 'not-a-token' }, 'token: must have the form'],
    [{ caHash: 'md5:abc' }, 'caHash: must be sha256:<64 hex digits>'],
    [{ serviceUrl: 'http://bootstrap.example.net' }, 'serviceUrl: must be https'],
    [{ serviceUrl: 'bootstrap' }, 'serviceUrl: "bootstrap" is not a URL'],
    [{ machine: testMachine({ name: 'w', uid: 'u', labels: { 'node-role.kubernetes.io/worker': '' } }) }, 'Machine spec.metadata.labels["node-role.kubernetes.io/worker"]: is in the kubernetes.io/k8s.io namespace'],
    [{ machine: testMachine({ name: 'w', uid: 'u', labels: { pool: 'a,b=c' } }) }, 'Machine spec.metadata.labels["pool"]: has value "a,b=c"'],
    [{ machine: { ...testMachine({ name: 'w', uid: 'u' }), metadata: { name: 'w' } } }, 'Machine metadata.uid: is required'],
  ])('refuses bad input %j with an error naming the field', (overrides, message) => {
    expect(() => renderUserData(request(overrides))).toThrow(InvalidBootstrapInputError);
    expect(() => renderUserData(request(overrides))).toThrow(message);
  });

  it('refuses user data over the target cloud\'s limit, naming the cloud and both sizes', () => {
    const labels = Object.fromEntries(Array.from({ length: 300 }, (_unused, index) => [`example.com/label-${index}`, 'x'.repeat(40)]));
    const machine = testMachine({ name: 'big', uid: 'uid-big', labels });
    const render = (cloud: RenderUserDataRequest['cloud']) => renderUserData(request({ machine, ...(cloud ? { cloud } : {}) }));
    expect(() => render('aws')).toThrow(UserDataTooLargeError);
    expect(() => render('aws')).toThrow(/over the EC2 limit of 16384 bytes/);
    expect(() => render(undefined)).toThrow(/EC2/);
    expect(render('gcp').length).toBeGreaterThan(16384);
    try {
      render('aws');
    } catch (error) {
      expect(UserDataTooLargeError.isInstance(error)).toBe(true);
      expect((error as UserDataTooLargeError).reason).toBe('InvalidConfiguration');
    }
  });

  it.each([
    ['aws', 16384, 16385, 'raw'],
    ['azure', 65535, 65536, 'base64'],
    ['gcp', 262144, 262145, 'raw'],
    ['openstack', 49149, 49152, 'base64'],
    ['packet', 65536, 65537, 'raw'],
  ] as const)('knows the %s limit exactly (%i bytes fit, %i do not; measured %s)', (cloud, fits, tooMany, _measure) => {
    expect(() => checkUserDataSize('x'.repeat(fits), cloud)).not.toThrow();
    expect(() => checkUserDataSize('x'.repeat(tooMany), cloud)).toThrow(UserDataTooLargeError);
  });
});
