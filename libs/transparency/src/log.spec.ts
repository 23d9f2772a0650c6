import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { ballotRequestId, jurisdictionId } from '@uocava/domain';
import type { LogEntryInput } from './entry';
import { MemoryLog } from './log';

const J = 'prop-county';
const SUBJECTS = [
  '00000000-0000-4000-8000-000000000001',
  '00000000-0000-4000-8000-000000000002',
  '00000000-0000-4000-8000-000000000003',
];

function input(n: number, subject: number): LogEntryInput {
  return {
    jurisdiction: jurisdictionId(J),
    subject: { kind: 'request', id: ballotRequestId(SUBJECTS[subject]) },
    eventType: 'request.submitted',
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    time: '2026-10-01T00:00:00.000Z',
    dataSha256: createHash('sha256').update(String(n)).digest('hex'),
  };
}

describe('log core: appending in batches is appending one by one', () => {
  it('gives the same entries, chain links, roots and proofs for any split into batches', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 80 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 20 }),
        async (subjects, cuts) => {
          const inputs = subjects.map((s, n) => input(n, s));
          const one = new MemoryLog(J);
          for (const x of inputs) await one.append([x]);
          const batched = new MemoryLog(J);
          const boundaries: number[] = [];
          for (let at = 0, c = 0; at < inputs.length; c++) {
            const size = cuts[c % cuts.length];
            await batched.append(inputs.slice(at, at + size));
            at = Math.min(inputs.length, at + size);
            boundaries.push(at);
          }
          const n = inputs.length;
          expect(await batched.entries(0, n)).toEqual(await one.entries(0, n));
          for (const size of boundaries) {
            expect((await batched.rootHash(size)).equals(await one.rootHash(size))).toBe(true);
            const leaf = (size * 7 + 3) % size;
            const a = await batched.inclusionProof(leaf, size);
            const b = await one.inclusionProof(leaf, size);
            expect(a.map((h) => h.toString('hex'))).toEqual(b.map((h) => h.toString('hex')));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
