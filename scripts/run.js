#!/usr/bin/env node
/**
 * Entry point of every npm script, written in plain JavaScript so that it runs on a fresh clone
 * before anything is installed: it installs what is missing, then hands over to TypeScript.
 *
 *   npm start        install, bring up Postgres + Kafka + every app with a demo jurisdiction
 *   npm test         install, static checks, unit tests, then integration + e2e on real infra
 *   npm run bench    install, run the benchmarks (one JSON line per figure)
 *   npm run chaos    install, run the fault-injection suite (test/chaos, readiness-stall, dev-stack .e2e-spec.ts; the first two also in npm test)
 *   npm run cli -- … operator and verifier commands
 *   npm run migrate  run database migrations against DATABASE_URL
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const [command, ...args] = process.argv.slice(2);

function say(line) {
  process.stderr.write(`[uocava] ${line}\n`);
}

function run(cmd, cmdArgs, options = {}) {
  const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: process.env, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function mustRun(label, cmd, cmdArgs) {
  say(label);
  const status = run(cmd, cmdArgs);
  if (status !== 0) {
    say(`${label}: failed (exit ${status})`);
    process.exit(status);
  }
}

function ensureNodeModules() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) {
    say(`Node.js 20 or newer is required (this is ${process.version}).`);
    process.exit(1);
  }
  const stamp = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (!fs.existsSync(stamp) || fs.statSync(stamp).mtimeMs < fs.statSync(lock).mtimeMs) {
    // `npm install` rather than `npm ci`: it follows the lock file too, and it tolerates a registry
    // mirror that lacks some platforms' optional binaries (@swc/core-darwin-*), which `npm ci` refuses.
    mustRun('installing npm packages (npm install, from package-lock.json)', 'npm', [
      'install',
      '--no-audit',
      '--no-fund',
    ]);
  }
}

/**
 * Debian tools some tests use: pdftotext/pdftoppm (poppler-utils), openssl, promtool (prometheus:
 * checks the alert rules in deploy/observability), and Chromium for the browser tests (driven by
 * playwright-core; npm's own browser downloads are not used).
 */
function ensureSystemTools({ browser = false } = {}) {
  const missing = [];
  const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
  if (!has('pdftotext') || !has('pdftoppm')) missing.push('poppler-utils');
  if (!has('openssl')) missing.push('openssl');
  if (!has('promtool')) missing.push('prometheus');
  if (browser && !process.env.CHROMIUM_PATH && !has('chromium')) missing.push('chromium');
  if (missing.length === 0) return;
  if (typeof process.getuid === 'function' && process.getuid() === 0 && has('apt-get')) {
    say(`installing ${missing.join(', ')} with apt-get`);
    run('apt-get', ['update', '-qq']);
    const status = run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (status === 0) return;
  }
  say(`please install: ${missing.join(' ')} (Debian/Ubuntu: sudo apt-get install ${missing.join(' ')})`);
  process.exit(1);
}

const tsNode = ['-r', '@swc-node/register'];
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');

ensureNodeModules();
switch (command) {
  case 'test': {
    ensureSystemTools({ browser: true });
    mustRun('type check (tsc --noEmit)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
    mustRun('lint (eslint)', 'npx', ['eslint', '.']);
    mustRun('format (prettier --check)', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']);
    mustRun('unit tests', 'node', [jest, ...args, '--selectProjects', 'unit']);
    // Integration and e2e tests share one real Postgres database and one Kafka broker per run;
    // they run one file at a time so that their consumer groups do not steal each other's events.
    mustRun('integration and end-to-end tests (real Postgres and Kafka)', 'node', [
      jest,
      ...args,
      '--runInBand',
      '--selectProjects',
      'integration',
    ]);
    break;
  }
  case 'chaos':
    // the fault-injection suite (npm test runs it too, with the other e2e tests), the readiness demo
    // and the two-dev-stack test (only here: it is slow); the file pattern goes first:
    // --selectProjects takes every value that follows it
    process.env.UOCAVA_CHAOS = '1';
    process.exit(
      run('node', [
        jest,
        'test/(chaos|readiness-stall|dev-stack).e2e-spec.ts',
        ...args,
        '--runInBand',
        '--selectProjects',
        'integration',
      ]),
    );
    break;
  case 'start':
    process.exit(run('node', [...tsNode, 'scripts/dev-stack.ts', ...args]));
    break;
  case 'bench':
    ensureSystemTools();
    process.exit(run('node', ['--expose-gc', ...tsNode, 'bench/run.ts', ...args]));
    break;
  case 'cli':
    process.exit(run('node', [...tsNode, 'apps/cli/src/main.ts', ...args]));
    break;
  case 'migrate':
    process.exit(run('node', [...tsNode, 'scripts/migrate.ts', ...args]));
    break;
  default:
    say(`unknown command ${command}; use start, test, chaos, bench, cli or migrate`);
    process.exit(2);
}
