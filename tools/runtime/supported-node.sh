# Puts a supported Node.js first on PATH: the machine's own when it is new enough,
# otherwise a pinned Node 24 LTS from the npm registry (package node-linux-<arch>),
# installed once into a cache folder outside the checkout and reused from then on.
#
# Source it from bash (`. tools/runtime/supported-node.sh`); .ci/run and
# tools/runtime/with-supported-node do. SLIPWAY_CACHE_DIR moves the cache.

slipway_pinned_node_version=24.22.3
slipway_minimum_node_major=22
slipway_minimum_node_minor=12

slipway_node_is_supported() {
  local version major minor
  version=$("$1" --version 2>/dev/null) || return 1
  version=${version#v}
  major=${version%%.*}
  minor=${version#*.}
  minor=${minor%%.*}
  [ "$major" -gt "$slipway_minimum_node_major" ] ||
    { [ "$major" -eq "$slipway_minimum_node_major" ] && [ "$minor" -ge "$slipway_minimum_node_minor" ]; }
}

slipway_install_pinned_node() {
  local cache architecture target staging
  cache="${SLIPWAY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/slipway}"
  case "$(uname -m)" in
    x86_64 | amd64) architecture=x64 ;;
    aarch64 | arm64) architecture=arm64 ;;
    *) echo "supported-node: no Node.js package for the processor $(uname -m); install Node.js ${slipway_minimum_node_major}.${slipway_minimum_node_minor} or later by hand" >&2; return 1 ;;
  esac
  target="$cache/node-v${slipway_pinned_node_version}-linux-${architecture}"
  if [ ! -x "$target/bin/node" ]; then
    echo "supported-node: installing Node.js ${slipway_pinned_node_version} into $target (once; later runs reuse it)" >&2
    mkdir -p "$cache"
    staging=$(mktemp -d "$cache/.node-staging.XXXXXX")
    # npm pack checks the tarball against the registry's integrity hash.
    if ! (cd "$staging" && npm pack --silent "node-linux-${architecture}@${slipway_pinned_node_version}" >/dev/null &&
      tar -xzf node-linux-*.tgz && "$staging/package/bin/node" --version >/dev/null); then
      rm -rf "$staging"
      echo "supported-node: could not install node-linux-${architecture}@${slipway_pinned_node_version} from the npm registry" >&2
      return 1
    fi
    rm -rf "$target"
    # A rename is atomic: a killed install never leaves a half-filled cache.
    mv "$staging/package" "$target"
    rm -rf "$staging"
  fi
  PATH="$target/bin:$PATH"
  export PATH
}

if ! slipway_node_is_supported node; then
  echo "supported-node: Node.js $(node --version 2>/dev/null || echo 'not found') is older than ${slipway_minimum_node_major}.${slipway_minimum_node_minor}; using Node.js ${slipway_pinned_node_version}" >&2
  slipway_install_pinned_node || return 1 2>/dev/null || exit 1
fi
