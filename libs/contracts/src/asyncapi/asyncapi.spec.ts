import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { EVENT_TYPES } from '../events/catalog';
import { asyncApiYaml } from './generate';

const file = join(__dirname, '../../../../docs/asyncapi.yaml');

describe('docs/asyncapi.yaml', () => {
  it('is the document generated from the event catalog (run `npm run asyncapi` after changing an event)', () => {
    expect(readFileSync(file, 'utf8')).toBe(asyncApiYaml());
  });

  it('is a valid AsyncAPI 3 document listing every event type', async () => {
    const { document, diagnostics } = await new Parser().parse(readFileSync(file, 'utf8'));
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([]);
    expect(document).toBeDefined();
    const names = document!
      .allMessages()
      .all()
      .map((m) => m.name());
    expect(new Set(names)).toEqual(new Set(EVENT_TYPES));
  });
});
