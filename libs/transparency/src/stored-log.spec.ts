import fc from 'fast-check';
import { leafHash } from './hash';
import { beyondLogMessage, LogProofs, type ProofStorage } from './stored-log';
import { consistencyProof, inclusionProof, MemoryTreeStore, rootHash } from './tree';

const hex = (h: Uint8Array): string => Buffer.from(h).toString('hex');

/** A memory tree of `size` leaves behind the ProofStorage contract, counting its reads. */
function storage(size: number): ProofStorage & { reads: number } {
  const tree = MemoryTreeStore.fromLeafHashes(
    Array.from({ length: size }, (_, i) => leafHash(Buffer.from(`e${i}`))),
  );
  return {
    reads: 0,
    async getNodesWithin(asked, keys) {
      this.reads++;
      if (asked > size) throw new RangeError(beyondLogMessage(asked, size));
      return tree.getNodes(keys);
    },
  };
}

describe('LogProofs: a proof is one read with its size check', () => {
  it('gives the tree functions’ proofs, each in exactly one read, and refuses sizes beyond the log', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 70 }), fc.nat(), fc.nat(), async (logSize, a, b) => {
        const store = storage(logSize);
        const proofs = new LogProofs(store);
        const memory = MemoryTreeStore.fromLeafHashes(
          Array.from({ length: logSize }, (_, i) => leafHash(Buffer.from(`e${i}`))),
        );
        const size = 1 + (a % logSize);
        const leaf = b % size;
        const from = b % (size + 1);
        expect((await proofs.inclusionProof(leaf, size)).map(hex)).toEqual(
          (await inclusionProof(memory, leaf, size)).map(hex),
        );
        expect((await proofs.consistencyProof(from, size)).map(hex)).toEqual(
          (await consistencyProof(memory, from, size)).map(hex),
        );
        expect(hex(await proofs.rootHash(size))).toBe(hex(await rootHash(memory, size)));
        expect(store.reads).toBe(3);
        // beyond the log, even where the proof needs no node (a one-leaf tree, from = to)
        await expect(proofs.inclusionProof(0, logSize + 1)).rejects.toThrow(RangeError);
        await expect(proofs.consistencyProof(logSize + 1, logSize + 1)).rejects.toThrow(
          beyondLogMessage(logSize + 1, logSize),
        );
      }),
      { numRuns: 60 },
    );
  });
});
