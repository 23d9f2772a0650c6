import { spawn, spawnSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { defaultLog, Log } from './paths';

export interface EnsureDebianPackagesResult {
  /** Packages that were missing and have been installed now. */
  installed: string[];
  alreadyInstalled: string[];
}

const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

/** Whether `dpkg -s` output says the package is installed. */
export function isInstalledStatus(dpkgStatusOutput: string): boolean {
  return /^Status: install ok installed$/m.test(dpkgStatusOutput);
}

export function isDebianPackageInstalled(pkg: string): boolean {
  const result = spawnSync('dpkg', ['-s', pkg], { encoding: 'utf8' });
  return result.status === 0 && isInstalledStatus(result.stdout);
}

function installCommand(pkgs: string[]): string {
  return `apt-get update && apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
}

let updated = false;

function run(cmd: string, args: string[], log: Log): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const lines: string[] = [];
    const collect = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        lines.push(line);
        if (lines.length > 30) lines.shift();
        if (/^(Setting up|Get:\d+|E:)/.test(line)) log(`apt: ${line.trim()}`);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}):\n${lines.join('\n')}`)),
    );
  });
}

/**
 * Makes sure the Debian packages are installed (`dpkg -s`); installs the missing ones with
 * apt-get when running as root, else throws with the command to run.
 */
export async function ensureDebianPackages(
  pkgs: string[],
  log: Log = defaultLog,
): Promise<EnsureDebianPackagesResult> {
  for (const pkg of pkgs) {
    if (!PACKAGE_NAME.test(pkg)) throw new Error(`invalid Debian package name ${JSON.stringify(pkg)}`);
  }
  if (spawnSync('dpkg', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(
      `dpkg is not available (not a Debian-based system?): install these packages yourself: ${pkgs.join(' ')}`,
    );
  }
  const alreadyInstalled = pkgs.filter(isDebianPackageInstalled);
  const missing = pkgs.filter((p) => !alreadyInstalled.includes(p));
  if (missing.length === 0) return { installed: [], alreadyInstalled };
  if (userInfo().uid !== 0) {
    throw new Error(
      `missing Debian packages ${missing.join(', ')}; install them as root: sudo sh -c '${installCommand(missing)}'`,
    );
  }
  log(`apt: installing ${missing.join(' ')}`);
  // Wait for the dpkg lock instead of failing when another install runs at the same time.
  const lockWait = ['-o', 'DPkg::Lock::Timeout=300'];
  if (!updated) {
    await run('apt-get', [...lockWait, 'update'], log);
    updated = true;
  }
  await run('apt-get', [...lockWait, 'install', '-y', '--no-install-recommends', ...missing], log);
  const stillMissing = missing.filter((p) => !isDebianPackageInstalled(p));
  if (stillMissing.length > 0)
    throw new Error(`apt-get reported success but ${stillMissing.join(', ')} is not installed`);
  return { installed: missing, alreadyInstalled };
}
