import fc from 'fast-check';
import { n3 } from './codes';

/** the formatting n3 replaced (toFixed, zeros dropped): every packet's bytes depend on it */
const viaToFixed = (n: number): string => {
  const s = (Math.round(n * 1000) / 1000).toFixed(3).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
};

describe('n3 (coordinates of QR and barcode modules)', () => {
  it('writes what toFixed(3) writes, trailing zeros dropped', () => {
    for (const [n, s] of [
      [0, '0'],
      [-0.0004, '0'],
      [12, '12'],
      [12.5, '12.5'],
      [12.05, '12.05'],
      [0.001, '0.001'],
      [-3.25, '-3.25'],
      [612.0004, '612'],
      [1.0005, '1.001'],
    ] as const)
      expect(n3(n)).toBe(s);
  });

  it('agrees with toFixed(3) for any page coordinate', () => {
    fc.assert(
      fc.property(fc.double({ min: -2000, max: 2000, noNaN: true }), (n) => {
        expect(n3(n)).toBe(viaToFixed(n));
      }),
      { numRuns: 20000 },
    );
  });
});
