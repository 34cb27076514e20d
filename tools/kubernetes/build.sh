#!/usr/bin/env bash
# Builds kube-apiserver, kubectl, kubeadm (v1.37.2) and etcd (v3.7.3) from the Go module
# proxy through the wrapper modules next to this script, into a cache outside the checkout:
#
#   ${SLIPWAY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/slipway}/kubernetes/<key>/bin/
#
# <key> hashes everything that decides the output (both wrappers' go.mod/go.sum, the flags
# below, the Go version and target), so changing an input builds a new directory and an
# unchanged one is reused in well under a second. The build goes to a temporary directory
# that is renamed into place only when complete, so a killed build never leaves a
# half-filled cache entry.
#
# stdout: only the bin directory path (last line). Progress goes to stderr.
# Env: SLIPWAY_KUBERNETES_BUILD_JOBS (default 2) = `go build -p`; it does not change the
#      output, so it is not part of the key.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
log() { printf 'kubernetes/build.sh: %s\n' "$*" >&2; }

if ! command -v go >/dev/null 2>&1; then
  log "error: the Go toolchain ('go') is not on PATH, so kube-apiserver/etcd cannot be built; install Go >= 1.26 or set SLIPWAY_KUBERNETES_BIN to a directory that already holds kube-apiserver, kubectl, kubeadm and etcd."
  exit 127
fi

kubernetes_version=v1.37.2
kubernetes_major=1
kubernetes_minor=37
# The tag's date on the module proxy, not "now": identical inputs give identical binaries.
kubernetes_build_date=2026-10-27T12:01:04Z
etcd_version=3.7.3

# Without these stamps the binaries report v0.0.0 (component-base) or an empty client version
# (client-go, used by `kubectl version`).
kube_ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  kube_ldflags+=" -X ${pkg}.gitVersion=${kubernetes_version}"
  kube_ldflags+=" -X ${pkg}.gitMajor=${kubernetes_major}"
  kube_ldflags+=" -X ${pkg}.gitMinor=${kubernetes_minor}"
  kube_ldflags+=" -X ${pkg}.gitTreeState=clean"
  kube_ldflags+=" -X ${pkg}.buildDate=${kubernetes_build_date}"
done
etcd_ldflags="-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=v${etcd_version}"

kube_packages=(k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl k8s.io/kubernetes/cmd/kubeadm)
etcd_packages=(go.etcd.io/etcd/server/v3)

# Fixed build environment (a user's GOFLAGS/CGO setting must not change what is cached).
export CGO_ENABLED=0
export GOFLAGS="-trimpath -buildvcs=false -mod=readonly"
jobs=${SLIPWAY_KUBERNETES_BUILD_JOBS:-2}

go_identity=$(cd "$script_dir/wrapper" && go env GOVERSION GOOS GOARCH | tr '\n' ' ')

key=$(
  {
    printf 'layout=1\n'
    printf 'go=%s\n' "$go_identity"
    printf 'env=CGO_ENABLED=%s GOFLAGS=%s\n' "$CGO_ENABLED" "$GOFLAGS"
    printf 'kube=%s ldflags=%s\n' "${kube_packages[*]}" "$kube_ldflags"
    printf 'etcd=%s ldflags=%s\n' "${etcd_packages[*]}" "$etcd_ldflags"
    cat "$script_dir/wrapper/go.mod" "$script_dir/wrapper/go.sum"
    cat "$script_dir/etcd-wrapper/go.mod" "$script_dir/etcd-wrapper/go.sum"
  } | sha256sum | cut -c1-16
)

cache_root=${SLIPWAY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/slipway}/kubernetes
final_dir=$cache_root/$key
bin_dir=$final_dir/bin

if [[ -x $bin_dir/kube-apiserver && -x $bin_dir/kubectl && -x $bin_dir/kubeadm && -x $bin_dir/etcd ]]; then
  log "reusing cached binaries ($key): $bin_dir"
  printf '%s\n' "$bin_dir"
  exit 0
fi

mkdir -p "$cache_root"

# One build per key at a time: a second caller waits for the first instead of doubling
# the ~2.5 GB compile. (flock is in util-linux; without it builds just may overlap.)
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache_root/.lock-$key"
  if ! flock -n 9; then
    log "another build of $key is running; waiting for it"
    flock 9
  fi
  if [[ -x $bin_dir/kube-apiserver && -x $bin_dir/kubectl && -x $bin_dir/kubeadm && -x $bin_dir/etcd ]]; then
    log "reusing binaries built meanwhile ($key): $bin_dir"
    printf '%s\n' "$bin_dir"
    exit 0
  fi
fi

# Leftovers of builds that were killed outright (SIGKILL skips the cleanup trap).
find "$cache_root" -maxdepth 1 -name '.build-*' -mmin +240 -exec rm -rf {} + 2>/dev/null || true

work_dir=$(mktemp -d "$cache_root/.build-$key.XXXXXX")
cleanup() { rm -rf "$work_dir"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$work_dir/bin"

start=$SECONDS
log "building etcd v$etcd_version into cache key $key (go build -p $jobs)"
(cd "$script_dir/etcd-wrapper" && go build -p "$jobs" -ldflags "$etcd_ldflags" -o "$work_dir/bin/etcd" "${etcd_packages[@]}")
log "etcd done after $((SECONDS - start)) s; building kube-apiserver, kubectl, kubeadm $kubernetes_version (a cold build takes ~13 min on 2 cores)"
(cd "$script_dir/wrapper" && go build -p "$jobs" -ldflags "$kube_ldflags" -o "$work_dir/bin/" "${kube_packages[@]}")

# Refuse to cache binaries that do not report the versions the stamps promise.
check_version() {
  local output
  output=$("$work_dir/bin/$1" "${@:3}" 2>&1) || { log "error: '$1 ${*:3}' failed: $output"; exit 1; }
  if [[ $output != *"$2"* ]]; then
    log "error: '$1 ${*:3}' printed '$output', expected it to mention $2"
    exit 1
  fi
}
check_version kube-apiserver "$kubernetes_version" --version
check_version kubeadm "$kubernetes_version" version -o short
check_version kubectl "$kubernetes_version" version --client
check_version etcd "$etcd_version" --version

printf 'kubernetes %s\netcd %s\ngo %s\nkey %s\n' "$kubernetes_version" "$etcd_version" "$go_identity" "$key" >"$work_dir/bin/VERSIONS"

# Atomic publish: rename the finished directory into place. If another process won the
# race, keep its copy and drop ours.
if mv -T "$work_dir" "$final_dir" 2>/dev/null; then
  trap - EXIT
else
  log "cache entry $key appeared meanwhile; using it"
fi
log "built in $((SECONDS - start)) s: $bin_dir"
printf '%s\n' "$bin_dir"
