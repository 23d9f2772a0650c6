import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('the offline verifier', () => {
  it('imports nothing from the log writer or from npm packages (node:crypto only)', () => {
    const files = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    expect(files.length).toBeGreaterThan(4);
    for (const f of files) {
      const src = readFileSync(join(__dirname, f), 'utf8');
      const specifiers = [...src.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const s of specifiers)
        expect([f, s]).toEqual([f, expect.stringMatching(/^(\.\/[a-z-]+|node:crypto)$/)]);
    }
  });
});
