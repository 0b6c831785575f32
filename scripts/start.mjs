#!/usr/bin/env node
// `npm start`: makes sure Electron's binary is present, then builds and launches the app. Electron 45's npm
// package has no install script: it fetches the binary from GitHub the first time it runs. Where that
// fetch fails, this says so in one paragraph — how to get the binary, and that `npm run web` works now —
// instead of Electron's "TypeError: fetch failed" stack. Arguments after `npm start --` reach Electron.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const electronDir = path.dirname(require.resolve('electron/package.json'));
const { version } = require('electron/package.json');

/** The executable `require('electron')` would return (path.txt, ELECTRON_OVERRIDE_DIST_PATH), or why none. */
function electronBinary() {
  const pathFile = path.join(electronDir, 'path.txt');
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override
    ? path.join(override, executable || (process.platform === 'win32' ? 'electron.exe' : 'electron'))
    : executable
      ? path.join(electronDir, 'dist', executable)
      : null;
  return { binary: binary && fs.existsSync(binary) ? binary : null, expected: binary, override };
}

/** Runs Electron's own installer (what `npx install-electron` runs); null when it worked, else its first error line. */
function fetchElectron() {
  process.stderr.write(`Fetching the Electron ${version} binary from GitHub (once; the first \`npm start\` does it)…\n`);
  const run = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  if (run.status === 0) return null;
  const first = (run.stderr ?? '').split('\n').find((line) => line.trim() !== '') ?? `exit code ${run.status}`;
  return first.trim().replace(/^(?:Type|HTTP|Request)?Error: /, '');
}

function explain(problem) {
  process.stderr.write(
    `\nArbion could not start: ${problem} ` +
      'To get it, run `npx install-electron` on a network that reaches github.com (ELECTRON_MIRROR names a mirror), ' +
      `or set ELECTRON_OVERRIDE_DIST_PATH to the folder of an Electron ${version.split('.')[0]} you already have. ` +
      'Meanwhile `npm run web` runs the same window in your browser, right now.\n',
  );
  process.exit(1);
}

let { binary, expected, override } = electronBinary();
if (!binary && override) {
  explain(`ELECTRON_OVERRIDE_DIST_PATH is ${override}, but there is no Electron executable at ${expected}.`);
}
if (!binary) {
  const failure = fetchElectron();
  ({ binary } = electronBinary());
  if (failure !== null || !binary) {
    explain(`the Electron ${version} binary is not installed and could not be fetched from GitHub (${failure ?? 'no executable after the download'}).`);
  }
}

const build = spawnSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const app = spawn(process.execPath, [path.join(electronDir, 'cli.js'), '.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
app.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
