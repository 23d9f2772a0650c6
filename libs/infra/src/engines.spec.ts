/**
 * `engines.node` of package.json is what the README promises; every installed package must accept
 * every Node version in it (no EBADENGINE on install). Read from package-lock.json, so a new or
 * upgraded dependency that needs a newer Node fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// npm's range logic (semver 6 is what the tree holds, without types and without `subset`)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const semver = require('semver') as {
  satisfies(version: string, range: string): boolean;
  validRange(range: string): string | null;
};

/** The Node versions engines.node admits, at their edges: the first of each line, and later ones. */
const NODE_VERSIONS = ['20.19.0', '20.20.2', '22.13.0', '24.0.0'];

const ROOT = join(__dirname, '../../..');

describe('engines', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
  };

  it('every package in package-lock.json accepts every Node version of engines.node', () => {
    const ours = pkg.engines.node;
    for (const v of NODE_VERSIONS) expect(semver.satisfies(v, ours)).toBe(true);
    for (const v of ['20.18.9', '21.7.0', '22.12.0', '23.0.0', '25.0.0'])
      expect(semver.satisfies(v, ours)).toBe(false);
    const refused = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, p]) => {
        const node = Array.isArray(p.engines) ? undefined : p.engines?.node;
        if (node === undefined || p.optional === true || semver.validRange(node) === null) return [];
        const fails = NODE_VERSIONS.filter((v) => !semver.satisfies(v, node));
        return fails.length === 0 ? [] : [`${path.replace(/^.*node_modules\//, '')} needs node ${node}`];
      });
    expect(refused).toEqual([]);
  });

  it('the README names the same Node versions', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('Node.js 20.19+ (or 22.13+, 24');
    expect(pkg.engines.node).toBe('^20.19.0 || ^22.13.0 || ^24.0.0');
  });
});
