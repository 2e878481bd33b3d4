import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { relieveHeap, relieving } from '../../provider/memory';

/**
 * The provider process's heap is collected between calls once it has grown by 16 MiB: garbage that
 * V8 would otherwise keep until its first full collection (bench P4: the provider's peak RSS).
 */
const used = () => v8.getHeapStatistics().used_heap_size;

/** Unreachable arrays in V8's large-object space: only a full collection frees them. */
function garbage(mib: number): void {
  let keep: number[][] | undefined = [];
  for (let i = 0; i < mib; i++) keep.push(new Array(128 * 1024).fill(i + 0.5)); // 1 MiB each (doubles)
  keep = undefined;
}

describe('relieveHeap', () => {
  it('collects once the heap has grown by 16 MiB since the last collection, and not before', () => {
    relieveHeap(); // sets the floor
    const floor = used();
    garbage(4);
    expect(relieveHeap()).toBe(false);
    // V8 may collect on its own while the garbage is made (CI saw 40 MiB leave 31.99): make garbage
    // until 20 MiB of it are waiting, whatever V8 did meanwhile.
    for (let i = 0; i < 64 && used() - floor < 20 * 1024 * 1024; i++) garbage(8);
    expect(used() - floor).toBeGreaterThanOrEqual(20 * 1024 * 1024);
    expect(relieveHeap()).toBe(true);
    expect(used() - floor).toBeLessThan(8 * 1024 * 1024);
  });

  it("relieving() keeps each method's result and error, collecting after it either way", async () => {
    const methods = relieving({
      async create(n: number) {
        garbage(40);
        return n + 1;
      },
      async delete() {
        garbage(40);
        throw new Error('refused');
      },
    });
    const before = used();
    await expect(methods.create(1)).resolves.toBe(2);
    expect(used() - before).toBeLessThan(16 * 1024 * 1024);
    await expect(methods.delete()).rejects.toThrow('refused');
    expect(used() - before).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('the collector', () => {
  /** memory.ts as a process loads it first: no collector obtained yet. */
  const freshModule = () => {
    let mod: typeof import('../../provider/memory') | undefined;
    jest.isolateModules(() => {
      mod = require('../../provider/memory') as typeof import('../../provider/memory');
    });
    return mod!;
  };
  const collectsGarbage = (m: typeof import('../../provider/memory')) => {
    m.relieveHeap(); // sets the floor
    const floor = used();
    for (let i = 0; i < 64 && used() - floor < 20 * 1024 * 1024; i++) garbage(8);
    return m.relieveHeap();
  };

  it('is obtained by the provider itself, in a process started without --expose-gc', () => {
    // V8 flags are the process's: turn the flag off (an earlier test or a jest option may have set it).
    v8.setFlagsFromString('--no-expose-gc');
    expect(vm.runInNewContext('typeof gc')).toBe('undefined');
    expect(collectsGarbage(freshModule())).toBe(true);
  });

  it('counts growth from the lowest heap seen: when V8 freed memory on its own, the floor follows it down', () => {
    const m = freshModule();
    let held: number[][] | undefined = [];
    for (let i = 0; i < 40; i++) held.push(new Array(128 * 1024).fill(i + 0.5)); // 40 MiB still referenced
    m.relieveHeap(); // sets the floor (or collects: the held arrays stay)
    expect(m.relieveHeap()).toBe(false);
    const high = used();
    held = undefined;
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)(); // a collection relieveHeap did not make
    expect(used()).toBeLessThan(high - 24 * 1024 * 1024);
    expect(m.relieveHeap()).toBe(false); // the new, lower floor
    const low = used();
    for (let i = 0; i < 64 && used() - low < 20 * 1024 * 1024; i++) garbage(8);
    expect(used() - low).toBeGreaterThanOrEqual(20 * 1024 * 1024);
    expect(used() - high).toBeLessThan(16 * 1024 * 1024); // not grown by 16 MiB from the old floor
    expect(m.relieveHeap()).toBe(true);
  });

  it('is obtained once per process, not a new V8 context per collection', () => {
    // The module object itself (the namespace import's properties cannot be redefined).
    const contexts = jest.spyOn(require('node:vm') as typeof vm, 'runInNewContext');
    try {
      const m = freshModule();
      expect(collectsGarbage(m)).toBe(true);
      expect(collectsGarbage(m)).toBe(true);
      expect(contexts).toHaveBeenCalledTimes(1);
    } finally {
      contexts.mockRestore();
    }
  });
});

describe('the engine', () => {
  it('collects after its calls: garbage left before a check is gone once the check returns', async () => {
    const { engine } = await import('../../provider/engine');
    relieveHeap();
    const before = used();
    garbage(40);
    // Refused by its schema: no request is sent, the call returns at once.
    const r = await engine('compute.Instance').check({}, { name: 'mem01', cpu: 'two' });
    expect(r.failures?.length).toBeGreaterThan(0);
    expect(used() - before).toBeLessThan(16 * 1024 * 1024);
  });
});
