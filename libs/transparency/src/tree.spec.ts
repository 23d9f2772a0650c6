import { EMPTY_ROOT, leafHash } from './hash';
import {
  appendLeaves,
  consistencyProof,
  decompose,
  inclusionProof,
  MemoryTreeStore,
  rootHash,
  splitPoint,
} from './tree';
import { verifyConsistency, verifyInclusion, computeRoot, hashLeaf } from './verify';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Buffer => Buffer.from(s, 'hex');

// RFC 6962 reference leaves and roots, as in certificate-transparency-go merkletree tests
// (rootForTestLeaves) and transparency-dev/merkle testonly/constants.go.
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(unhex);
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
// Same sources: inclusion proofs in the 8-leaf tree and consistency proofs to size 8.
const CT_INCLUSION = [
  {
    index: 0,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];
const CT_CONSISTENCY_2_8 = [
  '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
  '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
];

async function storeWith(leaves: readonly Buffer[], batch = 1): Promise<MemoryTreeStore> {
  const store = new MemoryTreeStore();
  let size = 0;
  for (let i = 0; i < leaves.length; i += batch) {
    const part = leaves.slice(i, i + batch).map((l) => leafHash(l));
    size = (await appendLeaves(store, size, part)).size;
  }
  return store;
}

describe('RFC 6962 known answers', () => {
  it('empty tree hash', async () => {
    expect(hex(EMPTY_ROOT)).toBe(CT_ROOTS[0]);
    expect(hex(await rootHash(new MemoryTreeStore(), 0))).toBe(CT_ROOTS[0]);
    expect(hex(computeRoot([]))).toBe(CT_ROOTS[0]);
  });

  it('root at every size 1..8, appending one by one and in one batch', async () => {
    const one = await storeWith(CT_LEAVES, 1);
    const all = await storeWith(CT_LEAVES, 8);
    const three = await storeWith(CT_LEAVES, 3);
    for (let n = 1; n <= 8; n++) {
      expect(hex(await rootHash(one, n))).toBe(CT_ROOTS[n]);
      expect(hex(await rootHash(all, n))).toBe(CT_ROOTS[n]);
      expect(hex(await rootHash(three, n))).toBe(CT_ROOTS[n]);
      expect(hex(computeRoot(CT_LEAVES.slice(0, n).map((l) => hashLeaf(l))))).toBe(CT_ROOTS[n]);
    }
  });

  it('appendLeaves returns the root of the new tree', async () => {
    const store = new MemoryTreeStore();
    let size = 0;
    for (const l of CT_LEAVES) {
      const r = await appendLeaves(store, size, [leafHash(l)]);
      size = r.size;
      expect(hex(r.root)).toBe(CT_ROOTS[size]);
    }
  });

  it('reference inclusion and consistency proofs', async () => {
    const store = await storeWith(CT_LEAVES);
    for (const v of CT_INCLUSION) {
      expect((await inclusionProof(store, v.index, 8)).map(hex)).toEqual(v.proof);
      expect(
        verifyInclusion(v.index, 8, hashLeaf(CT_LEAVES[v.index]), v.proof.map(unhex), unhex(CT_ROOTS[8])),
      ).toBe(true);
    }
    expect((await consistencyProof(store, 2, 8)).map(hex)).toEqual(CT_CONSISTENCY_2_8);
    expect(
      verifyConsistency(2, 8, unhex(CT_ROOTS[2]), unhex(CT_ROOTS[8]), CT_CONSISTENCY_2_8.map(unhex)),
    ).toBe(true);
  });
});

describe('split and decomposition', () => {
  it('split is the largest power of two below n', () => {
    const cases: Array<[number, number]> = [
      [2, 1],
      [3, 2],
      [4, 2],
      [5, 4],
      [8, 4],
      [9, 8],
      [1000, 512],
    ];
    for (const [n, k] of cases) expect(splitPoint(n)).toBe(k);
  });
  it('decomposes [0, 13) into 8 + 4 + 1', () => {
    expect(decompose(0, 13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
  });
});

describe('proofs for every tree size 1..64, checked by the independent verifier', () => {
  const leaves = Array.from({ length: 64 }, (_, i) => Buffer.from(`leaf-${i}-${'x'.repeat(i % 7)}`));
  let store: MemoryTreeStore;
  beforeAll(async () => {
    store = await storeWith(leaves, 5);
  });

  it('inclusion', async () => {
    for (let n = 1; n <= 64; n++) {
      const root = await rootHash(store, n);
      expect(hex(root)).toBe(hex(computeRoot(leaves.slice(0, n).map((l) => hashLeaf(l)))));
      for (let i = 0; i < n; i++) {
        const proof = await inclusionProof(store, i, n);
        expect(verifyInclusion(i, n, hashLeaf(leaves[i]), proof, root)).toBe(true);
        // wrong index, wrong leaf, wrong size are rejected
        if (n > 1) expect(verifyInclusion((i + 1) % n, n, hashLeaf(leaves[i]), proof, root)).toBe(false);
        expect(verifyInclusion(i, n, hashLeaf(Buffer.from('other')), proof, root)).toBe(false);
        expect(verifyInclusion(i, n, hashLeaf(leaves[i]), [...proof, root], root)).toBe(false);
      }
    }
  });

  it('consistency', async () => {
    for (let n = 1; n <= 64; n++) {
      const newRoot = await rootHash(store, n);
      for (let m = 0; m <= n; m++) {
        const oldRoot = await rootHash(store, m);
        const proof = await consistencyProof(store, m, n);
        expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
        if (m > 0 && m < n) {
          const other = await rootHash(store, m === 1 ? 2 : m - 1);
          expect(verifyConsistency(m, n, other, newRoot, proof)).toBe(false);
          expect(verifyConsistency(m, n, oldRoot, oldRoot, proof)).toBe(false);
          if (proof.length > 0) {
            const bad = proof.map((p) => Buffer.from(p));
            bad[0][0] ^= 1;
            expect(verifyConsistency(m, n, oldRoot, newRoot, bad)).toBe(false);
          }
        }
      }
    }
  });

  it('reads O(log n) stored nodes per proof', async () => {
    const big = MemoryTreeStore.fromLeafHashes(
      Array.from({ length: 100_003 }, (_, i) => leafHash(Buffer.from(String(i)))),
    );
    for (const [i, m, n] of [
      [0, 1, 100_003],
      [77_777, 50_001, 100_003],
      [99_999, 99_999, 100_002],
    ]) {
      big.reads = 0;
      await inclusionProof(big, i, n);
      await consistencyProof(big, m, n);
      expect(big.reads).toBeLessThanOrEqual(4 * Math.ceil(Math.log2(n)));
    }
  });

  it('fromLeafHashes builds the same nodes as incremental appends', async () => {
    const hashes = leaves.map((l) => leafHash(l));
    const built = MemoryTreeStore.fromLeafHashes(hashes.slice(0, 45));
    for (let n = 1; n <= 45; n++) expect(hex(await rootHash(built, n))).toBe(hex(await rootHash(store, n)));
  });
});

describe('batched inclusion proofs', () => {
  it('equal the one-by-one proofs', async () => {
    const { inclusionProofs } = await import('./tree');
    const store = MemoryTreeStore.fromLeafHashes(
      Array.from({ length: 300 }, (_, i) => leafHash(Buffer.from([i % 256, i >> 8]))),
    );
    for (const size of [1, 7, 64, 255, 300]) {
      const idx = Array.from({ length: size }, (_, i) => i).filter((i) => i % 3 === 0 || i === size - 1);
      const batch = await inclusionProofs(store, idx, size);
      for (let k = 0; k < idx.length; k++) {
        expect(batch[k].map(hex)).toEqual((await inclusionProof(store, idx[k], size)).map(hex));
      }
    }
  });
});
