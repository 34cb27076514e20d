import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The real kubeadm for tests: `SLIPWAY_KUBERNETES_BIN` (CI sets it from
 * tools/kubernetes/build.sh), else what build.sh prints (its cache makes that
 * instant once built). Undefined, with the reason, when neither is possible
 * (no Go toolchain): the tests that need it are then skipped, saying why.
 */
const buildScript = fileURLToPath(new URL('../../../../tools/kubernetes/build.sh', import.meta.url));

export function locateRealKubeadm(): { kubeadm: string } | { missing: string } {
  const fromEnvironment = process.env['SLIPWAY_KUBERNETES_BIN'];
  if (fromEnvironment) {
    const kubeadm = `${fromEnvironment}/kubeadm`;
    return existsSync(kubeadm) ? { kubeadm } : { missing: `SLIPWAY_KUBERNETES_BIN=${fromEnvironment} holds no kubeadm` };
  }
  if (spawnSync('sh', ['-c', 'command -v go']).status !== 0) return { missing: 'no Go toolchain to build kubeadm and SLIPWAY_KUBERNETES_BIN is not set' };
  const built = spawnSync('bash', [buildScript], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30 * 60 * 1000 });
  const directory = built.stdout.trim().split('\n').at(-1) ?? '';
  if (built.status !== 0 || !existsSync(`${directory}/kubeadm`)) return { missing: `tools/kubernetes/build.sh failed: ${built.stderr.split('\n').slice(-3).join(' ')}` };
  return { kubeadm: `${directory}/kubeadm` };
}

/** Whether this process may make a private mount namespace (root, or a user namespace allowed). */
export function canMakeMountNamespace(): boolean {
  return spawnSync('unshare', ['-m', 'true']).status === 0;
}

/**
 * A `kubeadm` to put first on the agent's PATH: when the agent calls it, it
 * runs the real kubeadm's `config validate` on the configuration the agent
 * passes and the real preflight checks of that command (`init|join phase
 * preflight`, every check's error ignored so that only what it reports
 * matters), with /etc/kubernetes replaced by the sandbox's own in a private
 * mount namespace (/etc overlaid: nothing on the host changes), so kubeadm
 * sees exactly the files the agent laid out at the moment it ran kubeadm.
 * Their output goes to `<root>/var/log/real-kubeadm.log`; then it does what
 * the plain stand-in does, so the agent carries on.
 */
export function realKubeadmFront(kubeadm: string): string {
  return `#!/bin/sh
command="$1"
shift
config=""
while [ $# -gt 0 ]; do
  case "$1" in --config) config="$2"; shift ;; esac
  shift
done
in_sandbox() {
  scratch=$(mktemp -d)
  unshare -m sh -c 'set -e
mkdir -p "$1/upper" "$1/work"
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$1/upper,workdir=$1/work" /etc
mkdir -p /etc/kubernetes
mount --bind "$2" /etc/kubernetes
shift 2
exec "$@"' sh "$scratch" "$SLIPWAY_ROOT/etc/kubernetes" "$@"
}
{
  echo "== validate $command"
  in_sandbox ${JSON.stringify(kubeadm)} config validate --config "$config"
  echo "== validate exit $?"
  if ! grep -q '^controlPlane:' "$config"; then
    echo "== preflight $command"
    # The checks report within seconds; a join's preflight then goes on to reach the
    # API server named in discovery, which does not exist here, so it is cut off.
    in_sandbox timeout 15 ${JSON.stringify(kubeadm)} "$command" phase preflight --config "$config" --ignore-preflight-errors=all
    echo "== preflight exit $?"
  fi
} >> "$SLIPWAY_ROOT/var/log/real-kubeadm.log" 2>&1
mkdir -p "$SLIPWAY_ROOT/etc/kubernetes"
[ "$command" = init ] && echo "apiVersion: v1" > "$SLIPWAY_ROOT/etc/kubernetes/admin.conf"
echo "apiVersion: v1" > "$SLIPWAY_ROOT/etc/kubernetes/kubelet.conf"
exit 0
`;
}
