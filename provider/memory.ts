import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/**
 * Keeps the provider process's heap near what it really holds. Each resource's requests and waits
 * leave short-lived garbage that outlives a few minor collections (a wait spans seconds), so it is
 * promoted; V8 then lets the old generation grow for a long while before its first full collection:
 * at 500 instances the heap reached 120 MiB holding 50 (bench P4: peak RSS 232–246 MiB against a goal
 * of 200). After each provider call, when the heap has grown by GROWTH since the last collection,
 * this collects it in full: a few tens of ms, some ten times in an `up` of 500. The collector is the
 * one `--expose-gc` gives, obtained at run time as jest's leak detector does (v8 flag + a new
 * context); where that fails, nothing is done.
 */
const GROWTH = 16 * 1024 * 1024;

let collect: (() => void) | null | undefined;
let floor = 0;

function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** Called after each provider call; returns whether it collected. */
export function relieveHeap(): boolean {
  const used = v8.getHeapStatistics().used_heap_size;
  if (!floor || used < floor) floor = used;
  if (used - floor < GROWTH) return false;
  const gc = collector();
  if (!gc) return false;
  gc();
  floor = v8.getHeapStatistics().used_heap_size;
  return true;
}

/** The engine's methods, each followed by relieveHeap() however it ends. */
export function relieving<T extends Record<string, (...args: never[]) => Promise<unknown>>>(methods: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(methods)) {
    wrapped[name] = (...args: never[]) => f(...args).finally(relieveHeap);
  }
  return wrapped as T;
}
