/**
 * The POSIX sh stand-ins the machine simulator puts first on PATH: kubeadm,
 * kubelet, systemctl and kubectl. They act on the sandbox only (every path is
 * under $SLIPWAY_ROOT), record each call under
 * $SLIPWAY_ROOT/var/lib/slipway-simulator/, and fail like the real tool when
 * $SLIPWAY_ROOT/etc/slipway/fail-<tool> exists or SLIPWAY_SIMULATE_FAILURE
 * names the tool (a comma-separated list is allowed).
 */

const prelude = (tool: string): string => `#!/bin/sh
# Stand-in for ${tool}, written by the Slipway machine simulator.
root="\${SLIPWAY_ROOT:?SLIPWAY_ROOT is not set}"
state="$root/var/lib/slipway-simulator"
mkdir -p "$state"
printf '%s\\n' "${tool} $*" >> "$state/${tool}.calls"
should_fail() {
  [ -e "$root/etc/slipway/fail-${tool}" ] && return 0
  case ",\${SLIPWAY_SIMULATE_FAILURE:-}," in *,${tool},*) return 0 ;; esac
  return 1
}
`;

const kubeadm = `${prelude('kubeadm')}
command="\${1:-}"
[ $# -gt 0 ] && shift
config=""
endpoint=""
while [ $# -gt 0 ]; do
  case "$1" in
    --config) config="\${2:-}"; shift ;;
    --config=*) config="\${1#--config=}" ;;
    --*) ;;
    *) [ -z "$endpoint" ] && endpoint="$1" ;;
  esac
  shift
done
if [ -n "$config" ] && [ ! -f "$config" ]; then
  echo "open $config: no such file or directory" >&2
  exit 1
fi
if [ -z "$endpoint" ] && [ -n "$config" ]; then
  endpoint=$(sed -n 's/^[[:space:]]*controlPlaneEndpoint:[[:space:]]*"\\{0,1\\}\\([^"]*\\)"\\{0,1\\}[[:space:]]*$/\\1/p' "$config" | head -n 1)
fi
[ -z "$endpoint" ] && endpoint="127.0.0.1:6443"
pki="$root/etc/kubernetes/pki"
write_kubeconfig() {
  file="$1"; user="$2"
  mkdir -p "$root/etc/kubernetes"
  ca_data=$(base64 < "$pki/ca.crt" | tr -d '\\n')
  {
    echo "apiVersion: v1"
    echo "kind: Config"
    echo "clusters:"
    echo "- name: kubernetes"
    echo "  cluster:"
    echo "    server: https://$endpoint"
    echo "    certificate-authority-data: $ca_data"
    echo "users:"
    echo "- name: $user"
    echo "  user: {}"
    echo "contexts:"
    echo "- name: $user@kubernetes"
    echo "  context: {cluster: kubernetes, user: $user}"
    echo "current-context: $user@kubernetes"
  } > "$file"
  echo "[kubeconfig] Wrote KubeConfig file to disk: \\"\${file#"$root"}\\""
}
case "$command" in
  init)
    echo "[init] Using Kubernetes version: \${SLIPWAY_KUBERNETES_VERSION:-v1.30.0}"
    echo "[preflight] Running pre-flight checks"
    if should_fail; then
      echo "error execution phase preflight: [preflight] Some fatal errors occurred:" >&2
      echo "	[ERROR Port-6443]: Port 6443 is in use" >&2
      echo "To see the stack trace of this error execute with --v=5 or higher" >&2
      exit 1
    fi
    if [ ! -f "$pki/ca.crt" ] || [ ! -f "$pki/ca.key" ]; then
      echo "error execution phase certs/ca: failure loading ca certificate: couldn't load the certificate file /etc/kubernetes/pki/ca.crt: open /etc/kubernetes/pki/ca.crt: no such file or directory" >&2
      exit 1
    fi
    echo "[certs] Using existing ca certificate authority"
    write_kubeconfig "$root/etc/kubernetes/admin.conf" kubernetes-admin
    write_kubeconfig "$root/etc/kubernetes/kubelet.conf" "system:node:\${SLIPWAY_INSTANCE_ID:-node}"
    mkdir -p "$root/etc/kubernetes/manifests"
    for component in kube-apiserver kube-controller-manager kube-scheduler etcd; do
      echo "# static pod written by the kubeadm stand-in" > "$root/etc/kubernetes/manifests/$component.yaml"
    done
    echo "[control-plane] Creating static Pod manifests in \\"/etc/kubernetes/manifests\\""
    echo "Your Kubernetes control-plane has initialized successfully!"
    ;;
  join)
    echo "[preflight] Running pre-flight checks"
    if should_fail; then
      echo "error execution phase kubelet-start: error uploading crisocket: timed out waiting for the condition" >&2
      echo "To see the stack trace of this error execute with --v=5 or higher" >&2
      exit 1
    fi
    if [ -n "$config" ] && ! grep -q '^controlPlane:' "$config"; then
      # A worker joining with a configuration file (file discovery), as the real
      # kubeadm: preflight refuses an existing CA file (FileAvailable--etc-kubernetes-pki-ca.crt),
      # and the CA comes from the discovery kubeconfig.
      if [ -e "$pki/ca.crt" ]; then
        echo "error execution phase preflight: [preflight] Some fatal errors occurred:" >&2
        echo "	[ERROR FileAvailable--etc-kubernetes-pki-ca.crt]: /etc/kubernetes/pki/ca.crt already exists" >&2
        exit 1
      fi
      ca_data=$(sed -n 's/^[[:space:]]*certificate-authority-data:[[:space:]]*//p' "$root/etc/kubernetes/discovery.conf" 2>/dev/null | head -n 1)
      if [ -z "$ca_data" ]; then
        echo "error execution phase preflight: couldn't validate the identity of the API Server: open /etc/kubernetes/discovery.conf: no such file or directory" >&2
        exit 1
      fi
      mkdir -p "$pki"
      printf '%s' "$ca_data" | base64 -d > "$pki/ca.crt"
    elif [ ! -f "$pki/ca.crt" ]; then
      echo "error execution phase preflight: couldn't validate the identity of the API Server: open /etc/kubernetes/pki/ca.crt: no such file or directory" >&2
      exit 1
    fi
    write_kubeconfig "$root/etc/kubernetes/kubelet.conf" "system:node:\${SLIPWAY_INSTANCE_ID:-node}"
    echo "This node has joined the cluster"
    ;;
  reset)
    rm -f "$root/etc/kubernetes/admin.conf" "$root/etc/kubernetes/kubelet.conf"
    echo "[reset] Deleted contents of the etc directories"
    ;;
  version)
    echo "kubeadm version: &version.Info{GitVersion:\\"\${SLIPWAY_KUBERNETES_VERSION:-v1.30.0}\\"}"
    ;;
  *)
    echo "unknown command \\"$command\\" for \\"kubeadm\\"" >&2
    exit 1
    ;;
esac
`;

const kubelet = `${prelude('kubelet')}
if should_fail; then
  echo "E0101 00:00:00.000000 run.go:74] \\"command failed\\" err=\\"failed to run Kubelet: unable to load bootstrap kubeconfig\\"" >&2
  exit 1
fi
case "\${1:-}" in
  --version) echo "Kubernetes \${SLIPWAY_KUBERNETES_VERSION:-v1.30.0}" ;;
  *) echo "kubelet stand-in: would run with $*" ;;
esac
`;

const systemctl = `${prelude('systemctl')}
if should_fail; then
  echo "Job for \${2:-unit}.service failed because the control process exited with error code." >&2
  exit 1
fi
case "\${1:-}" in
  is-active) echo active ;;
  is-enabled) echo enabled ;;
esac
exit 0
`;

const kubectl = `${prelude('kubectl')}
if should_fail; then
  echo "error: unable to recognize \\"manifest\\": Get \\"https://127.0.0.1:6443/api\\": dial tcp 127.0.0.1:6443: connect: connection refused" >&2
  exit 1
fi
if [ "\${1:-}" = apply ]; then
  applied="$state/kubectl"
  mkdir -p "$applied"
  count=$(ls "$applied" | wc -l | tr -d ' ')
  shift
  while [ $# -gt 0 ]; do
    case "$1" in
      -f|--filename)
        source="\${2:-}"; shift
        target="$applied/applied-$((count + 1)).yaml"
        if [ "$source" = - ]; then cat > "$target"; else cat "$source" > "$target" || exit 1; fi
        count=$((count + 1))
        echo "manifest \${source} applied"
        ;;
    esac
    shift
  done
fi
exit 0
`;

/** The stand-ins by the command name they answer to. */
export const standInScripts: Readonly<Record<string, string>> = { kubeadm, kubelet, systemctl, kubectl };
