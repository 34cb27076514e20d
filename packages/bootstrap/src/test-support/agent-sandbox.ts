import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';

/**
 * Runs the agent directly with /bin/sh in a temporary root, for unit-level
 * tests that do not need the emulator's machine simulator: the user data's
 * files are laid out under the root, and small stand-ins for kubeadm,
 * kubectl and systemctl record their calls. The stand-in kubeadm fails, like
 * a real one with no container runtime, when `<root>/etc/slipway/fail-kubeadm` exists,
 * and refuses a worker join over an existing /etc/kubernetes/pki/ca.crt, as the
 * real preflight does (the kubeadm tests check that against the real binary).
 */
const standIns: Record<string, string> = {
  kubeadm: `#!/bin/sh
echo "kubeadm $*" >> "$SLIPWAY_ROOT/var/log/stand-in-calls"
if [ -e "$SLIPWAY_ROOT/etc/slipway/fail-kubeadm" ]; then
  echo "[preflight] Running pre-flight checks"
  echo "error execution phase preflight: [preflight] Some fatal errors occurred:" >&2
  echo "	[ERROR CRI]: container runtime is not running: output: time=\\"2026-11-24\\" level=fatal msg=\\"validate service connection\\"" >&2
  exit 1
fi
mkdir -p "$SLIPWAY_ROOT/etc/kubernetes"
case "$1" in
  init) echo "apiVersion: v1" > "$SLIPWAY_ROOT/etc/kubernetes/admin.conf"; echo "Your Kubernetes control-plane has initialized successfully!" ;;
  join)
    # As the real preflight (FileAvailable--etc-kubernetes-pki-ca.crt): a worker join refuses an existing CA file.
    if ! grep -q '^controlPlane:' "$SLIPWAY_ROOT/etc/slipway/kubeadm.yaml" && [ -e "$SLIPWAY_ROOT/etc/kubernetes/pki/ca.crt" ]; then
      echo "	[ERROR FileAvailable--etc-kubernetes-pki-ca.crt]: /etc/kubernetes/pki/ca.crt already exists" >&2
      exit 1
    fi
    echo "This node has joined the cluster" ;;
esac
echo "apiVersion: v1" > "$SLIPWAY_ROOT/etc/kubernetes/kubelet.conf"
`,
  kubectl: `#!/bin/sh
echo "kubectl $*" >> "$SLIPWAY_ROOT/var/log/stand-in-calls"
while [ $# -gt 0 ]; do
  if [ "$1" = "-f" ]; then cp "$2" "$SLIPWAY_ROOT/var/log/applied-addons.yaml"; fi
  shift
done
exit 0
`,
  systemctl: `#!/bin/sh
echo "systemctl $*" >> "$SLIPWAY_ROOT/var/log/stand-in-calls"
exit 0
`,
};

export interface AgentSandbox {
  root: string;
  binDirectory: string;
}

export function createAgentSandbox(): AgentSandbox {
  const base = mkdtempSync(join(tmpdir(), 'slipway-agent-'));
  const root = join(base, 'root');
  const binDirectory = join(base, 'bin');
  mkdirSync(join(root, 'var/log'), { recursive: true });
  mkdirSync(binDirectory, { recursive: true });
  for (const [name, script] of Object.entries(standIns)) {
    writeFileSync(join(binDirectory, name), script);
    chmodSync(join(binDirectory, name), 0o755);
  }
  return { root, binDirectory };
}

/** Lays out a `#cloud-config`'s write_files under the sandbox root (text, b64 and gzip+b64). */
export function writeUserDataFiles(userData: string, root: string): void {
  const config = parse(userData) as { write_files?: Array<{ path: string; content?: string; encoding?: string; permissions?: string }> };
  for (const file of config.write_files ?? []) {
    const target = join(root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    let content: Buffer = Buffer.from(file.content ?? '', 'utf8');
    if (file.encoding === 'b64' || file.encoding === 'base64') content = Buffer.from(file.content ?? '', 'base64');
    if (file.encoding === 'gzip+b64' || file.encoding === 'gz+b64') content = gunzipSync(Buffer.from(file.content ?? '', 'base64'));
    writeFileSync(target, content);
    chmodSync(target, parseInt(file.permissions ?? '0644', 8));
  }
}

export interface AgentRun {
  exitCode: number;
  stderr: string;
  log: string;
  calls: string;
}

/** `shell` is the interpreter and its flags: /bin/sh (dash here) by default, e.g. ['/bin/bash', '--posix'] to try another. */
export function runAgent(sandbox: AgentSandbox, environment: Record<string, string> = {}, shell: readonly string[] = ['/bin/sh'], timeoutMs = 60_000): Promise<AgentRun> {
  return new Promise((resolve) => {
    execFile(
      shell[0] ?? '/bin/sh',
      [...shell.slice(1), join(sandbox.root, 'usr/local/bin/slipway-agent')],
      {
        env: {
          PATH: `${sandbox.binDirectory}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
          SLIPWAY_ROOT: sandbox.root,
          SLIPWAY_AGENT_BACKOFF_SECONDS: '0',
          SLIPWAY_AGENT_ATTEMPTS: '3',
          ...environment,
        },
        timeout: timeoutMs,
      },
      (error, _stdout, stderr) => {
        const read = (path: string): string => {
          try {
            return readFileSync(join(sandbox.root, path), 'utf8');
          } catch {
            return '';
          }
        };
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ exitCode: code, stderr, log: read('var/log/slipway-agent.log'), calls: read('var/log/stand-in-calls') });
      },
    );
  });
}
