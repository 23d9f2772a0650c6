import { groupCommit } from './group-commit';
import { underCommitHook, withCommitHook } from './data-source';

/** A store that records its batches and ends each when told. */
function gatedStore() {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const store = async (items: readonly number[]): Promise<Array<string | Error>> => {
    batches.push([...items]);
    concurrent++;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    await new Promise<void>((resolve) => gates.push(resolve));
    concurrent--;
    return items.map((i) => (i < 0 ? new Error(`bad ${i}`) : `stored ${i}`));
  };
  /** a few turns of the event loop (a batch is dispatched on a setImmediate after the last ends) */
  const tick = async () => {
    for (let k = 0; k < 5; k++) await new Promise((r) => setImmediate(r));
  };
  return { store, batches, gates, tick, maxConcurrent: () => maxConcurrent };
}

describe('groupCommit', () => {
  it('sends an item at once when idle, and what arrives meanwhile together in the next batch', async () => {
    const s = gatedStore();
    const submit = groupCommit(s.store, 64);
    const first = submit(1);
    await s.tick();
    expect(s.batches).toEqual([[1]]);
    const later = [2, 3, 4].map((i) => submit(i));
    await s.tick();
    expect(s.batches).toEqual([[1]]); // waiting for the running batch
    s.gates.shift()!();
    await expect(first).resolves.toBe('stored 1');
    await s.tick();
    expect(s.batches).toEqual([[1], [2, 3, 4]]);
    s.gates.shift()!();
    await expect(Promise.all(later)).resolves.toEqual(['stored 2', 'stored 3', 'stored 4']);
    expect(s.maxConcurrent()).toBe(1);
  });

  it('keeps to the batch size and answers each caller its own result or error', async () => {
    const s = gatedStore();
    const submit = groupCommit(s.store, 2);
    const all = [1, -2, 3, 4, 5].map((i) => submit(i).catch((e: Error) => e.message));
    for (let round = 0; round < 10 && all.length; round++) {
      await s.tick();
      s.gates.splice(0).forEach((open) => open());
    }
    await expect(Promise.all(all)).resolves.toEqual([
      'stored 1',
      'bad -2',
      'stored 3',
      'stored 4',
      'stored 5',
    ]);
    expect(s.batches.every((b) => b.length <= 2)).toBe(true);
    expect(s.batches.flat()).toEqual([1, -2, 3, 4, 5]);
  });

  it('rejects every caller of a batch whose store fails, and goes on with the next', async () => {
    let calls = 0;
    const submit = groupCommit(async (items: readonly number[]) => {
      if (calls++ === 0) throw new Error('connection lost');
      return items.map((i) => i * 10);
    }, 8);
    await expect(submit(1)).rejects.toThrow('connection lost');
    await expect(Promise.all([submit(2), submit(3)])).resolves.toEqual([20, 30]);
  });

  it("runs the store outside the first caller's commit hook", async () => {
    let inside: boolean | undefined;
    const submit = groupCommit(async (items: readonly number[]) => {
      inside = underCommitHook();
      return items;
    }, 8);
    const hook = { jurisdictionId: 'x', beforeCommit: async () => undefined, committed: false };
    const underHook = await withCommitHook(hook, async () => {
      const was = underCommitHook();
      await submit(1);
      return was;
    });
    expect(underHook).toBe(true);
    expect(inside).toBe(false);
  });
});
