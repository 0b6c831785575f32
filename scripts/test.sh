#!/usr/bin/env bash
# `npm test`: lint, typecheck, build the renderer the browser tests load, then every vitest project
# (node: core/sandbox/hosts/electron glue; jsdom: components; e2e: real Chromium against the browser host).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== node $(node --version) (from the node dev dependency: better-sqlite3 13 needs Node 22)"
echo "== lint";       npx eslint .
echo "== typecheck (whole tree, then each layer with only the globals it may see)"; npm run --silent typecheck
echo "== build renderer"; npx vite build --config renderer/vite.config.ts --logLevel warn
echo "== electronegativity"; node scripts/electronegativity.mjs
echo "== tests";      npx vitest run
