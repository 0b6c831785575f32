#!/usr/bin/env node
// The `arbion` command. Runs the TypeScript CLI (main/cli/index.ts) through tsx's loader, on Node >= 22:
// better-sqlite3 13 needs it, so an older `node` hands over to the project's own Node 22 (the `node`
// dev dependency) when it is installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..');
const major = Number(process.versions.node.split('.')[0]);

if (major < 22) {
  const projectNode = path.join(root, 'node_modules', 'node', 'bin', 'node');
  if (!process.env.ARBION_NODE_HANDOVER && fs.existsSync(projectNode)) {
    const result = spawnSync(projectNode, [self, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, ARBION_NODE_HANDOVER: '1' },
    });
    process.exit(result.status ?? (result.signal === 'SIGINT' ? 130 : 1));
  }
  process.stderr.write(
    `arbion needs Node.js 22 or newer (this is ${process.version}). Run \`npm install\` in ${root}, or install Node 22.\n`,
  );
  process.exit(1);
}

const { register } = await import('tsx/esm/api');
register();
await import(pathToFileURL(path.join(root, 'main', 'cli', 'index.ts')).href);
