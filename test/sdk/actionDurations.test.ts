import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DurationBook,
  SAMPLE_MAX_AGE_MS,
  actionKind,
  defaultDurationsFile,
  durationBook,
  endpointKey,
  sizingOf,
} from '../../sdk/actionDurations';
import type { ITCareClient, Action } from '../../sdk';
import { demoInstance, sdkClient, useEmulator } from '../helpers/emulator';

/**
 * What the adaptive waits learn: durations per kind of action, kept across runs in a small file
 * (opt-out), learned from waits and from listed histories; and, against the emulator, a learned
 * wait's polls and lag read from the emulator's own request log and action timestamps.
 */
const resize = (ms: number, process = 'RESIZE_INSTANCE'): Action => ({
  id: 7,
  status: 'SUCCESS',
  process,
  resourceType: 'INSTANCE',
  resourceName: 'web01',
  submittedAt: new Date(1000),
  completedAt: new Date(1000 + ms),
});

/** The clock that dates samples (a book's second argument). */
const NOW = 1_800_000_000_000;
const at = () => NOW;

/** A durations file in a fresh directory (not created). */
const tmp = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'itcare-book-')), 'durations.json');

describe('DurationBook', () => {
  it('keeps durations per kind across runs (a new process reads the file), without names or ids', () => {
    const file = tmp();
    const a = new DurationBook(file);
    a.observe(resize(2000));
    a.observe({ ...resize(2400), id: 8 });
    a.observeAll([resize(2000), { ...resize(2400), id: 8 }]); // seen again in a listed history: counted once
    a.observe({ ...resize(9000), status: 'ERROR' }); // a failure's duration says nothing about success
    const b = new DurationBook(file);
    expect(b.expected({ process: 'RESIZE_INSTANCE', resourceType: 'INSTANCE' })).toEqual({ minMs: 2000, maxMs: 2400, samples: 2 });
    expect(b.expected({ process: 'CREATE_INSTANCE', resourceType: 'INSTANCE' })).toBeUndefined();
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/web01|"id"/);
  });

  it("a sizing refines the kind; without a record of that sizing the kind's durations are used", () => {
    const book = new DurationBook();
    book.observe(resize(60_000, 'CREATE_INSTANCE'), 'deb12 2x4');
    book.observe({ ...resize(300_000, 'CREATE_INSTANCE'), id: 8 }, 'rhel9 16x64');
    const kind = { process: 'CREATE_INSTANCE', resourceType: 'INSTANCE' };
    expect(book.expected(kind, 'deb12 2x4')).toMatchObject({ minMs: 60_000, maxMs: 60_000 });
    expect(book.expected(kind, 'win 4x8')).toMatchObject({ minMs: 60_000, maxMs: 300_000 });
  });

  it('the sizing of a resource is its cpu/ram or its sizing field, nothing else of its inputs', () => {
    expect(sizingOf({ name: 'web01', productCode: 'deb12', cpu: 2, ram: 4 })).toBe('cpu=2 ram=4');
    expect(sizingOf({ name: 'db01', nodeSizing: '2cpu4gb', instanceCount: 3 })).toBe('nodeSizing=2cpu4gb');
    expect(sizingOf({ name: 'drive01', sizing: 'M' })).toBe('sizing=M');
    expect(sizingOf({ name: 'lb01', members: [1, 2] })).toBeUndefined();
  });

  it('a kind is endpoint|process|resourceType|sizing; an action without a process has none: not learned, nothing expected', () => {
    expect(actionKind({ process: 'RESIZE_INSTANCE', resourceType: 'INSTANCE' }, 'cpu=2 ram=4')).toBe(
      '|RESIZE_INSTANCE|INSTANCE|cpu=2 ram=4',
    );
    expect(actionKind({ process: 'RESIZE_INSTANCE', resourceType: 'INSTANCE' }, undefined, 'e1')).toBe('e1|RESIZE_INSTANCE|INSTANCE|');
    expect(actionKind({ process: 'DELETE_INSTANCE' })).toBe('|DELETE_INSTANCE||');
    expect(actionKind({ resourceType: 'INSTANCE' })).toBeUndefined();
    const file = tmp();
    const book = new DurationBook(file, at);
    book.observe({ ...resize(1000), process: undefined });
    expect(book.expected({ resourceType: 'INSTANCE' })).toBeUndefined();
    expect(fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).kinds : {}).toEqual({});
  });

  it('is opted out with ITCARE_ACTION_DURATIONS=off, false or 0 (memory only), moved with a path (trimmed), kept under the cache directory otherwise, and survives a corrupt file', () => {
    for (const off of ['off', 'false', '0', ' off ']) expect(defaultDurationsFile({ ITCARE_ACTION_DURATIONS: off })).toBeUndefined();
    expect(defaultDurationsFile({ ITCARE_ACTION_DURATIONS: '/x/d.json' })).toBe('/x/d.json');
    expect(defaultDurationsFile({ ITCARE_ACTION_DURATIONS: ' /x/d.json ' })).toBe('/x/d.json');
    expect(defaultDurationsFile({ XDG_CACHE_HOME: '/c' })).toBe('/c/pulumi-itcare/action-durations.json');
    expect(defaultDurationsFile({ ITCARE_ACTION_DURATIONS: '  ', XDG_CACHE_HOME: '/c' })).toBe('/c/pulumi-itcare/action-durations.json');
    expect(defaultDurationsFile({})).toBe(path.join(os.homedir(), '.cache', 'pulumi-itcare', 'action-durations.json'));
    const file = tmp();
    fs.writeFileSync(file, '{not json');
    const book = new DurationBook(file, at);
    expect(book.expected({ process: 'RESIZE_INSTANCE', resourceType: 'INSTANCE' })).toBeUndefined();
    book.observe(resize(1000));
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ version: 2, kinds: { '|RESIZE_INSTANCE|INSTANCE|': [[1000, NOW]] } });
  });
});

describe('DurationBook bounds', () => {
  const kind = { process: 'RESIZE_INSTANCE', resourceType: 'INSTANCE' };

  it('learns only a SUCCESS with both timestamps in order; a listed history that teaches nothing writes nothing', () => {
    const file = tmp();
    const book = new DurationBook(file, at);
    book.observeAll([
      { ...resize(9000), id: 21, status: 'ERROR' },
      { ...resize(9000), id: 22, completedAt: undefined },
      { ...resize(9000), id: 23, submittedAt: undefined },
      { ...resize(0), id: 24, completedAt: new Date(500) }, // ends before it starts: a skewed clock
      { ...resize(9000), id: 27, process: undefined }, // no kind
    ]);
    expect(book.expected(kind)).toBeUndefined();
    expect(fs.existsSync(file)).toBe(false);
    book.observeAll([
      { ...resize(9000), id: 25, status: 'ERROR' },
      { ...resize(3000), id: 26 },
    ]);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).kinds).toEqual({ '|RESIZE_INSTANCE|INSTANCE|': [[3000, NOW]] });
  });

  it('keeps the newest 12 durations of a kind and the 200 most recently seen kinds', () => {
    const book = new DurationBook();
    for (let i = 1; i <= 13; i++) book.observe({ ...resize(i * 1000), id: i });
    expect(book.expected(kind)).toEqual({ minMs: 2000, maxMs: 13_000, samples: 12 });
    for (let k = 1; k <= 199; k++) book.observe({ ...resize(1000, `P${k}`), id: 100 + k });
    book.observe({ ...resize(1000), id: 99 }); // RESIZE_INSTANCE seen again: now the most recent kind
    book.observe({ ...resize(1000, 'P200'), id: 300 });
    // 201 kinds seen: P1, the least recently seen, is dropped; the others stay.
    expect(book.expected({ process: 'P1', resourceType: 'INSTANCE' })).toBeUndefined();
    expect(book.expected(kind)).toMatchObject({ samples: 12 });
    expect(book.expected({ process: 'P2', resourceType: 'INSTANCE' })).toMatchObject({ samples: 1 });
    expect(book.expected({ process: 'P200', resourceType: 'INSTANCE' })).toMatchObject({ samples: 1 });
  });

  it('counts an action once, forgetting what it counted after 10 000 (a bound for long-lived processes)', () => {
    const book = new DurationBook();
    const first = { ...resize(1000), id: 1 };
    book.observe(first);
    for (let i = 2; i <= 10_001; i++) book.observe({ ...resize(2000), id: i });
    expect(book.expected(kind)).toMatchObject({ minMs: 2000 });
    book.observe(first); // forgotten at the 10 001st: counted again
    expect(book.expected(kind)).toMatchObject({ minMs: 1000 });
  });

  it('reads the file once, before its first use: keeps its valid, fresh samples (the newest 12) and adds to them', () => {
    const file = tmp();
    const fresh = NOW - 1000;
    const stale = NOW - SAMPLE_MAX_AGE_MS - 1;
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: 2,
        kinds: {
          '|RESIZE_INSTANCE|INSTANCE|': [
            [0, fresh],
            [1000, stale],
            [-5, fresh],
            ['x', fresh],
            7,
            [1, 2, 3],
            ...Array.from({ length: 12 }, () => [2000, fresh]),
          ],
          'JUNK||': 'not a list',
          'EMPTY||': [],
          'OLD||': [[5000, stale]],
        },
      }),
    );
    const book = new DurationBook(file, at);
    book.observe({ ...resize(3000), id: 40 }); // before anything was asked: the file's durations stay
    expect(book.expected(kind)).toEqual({ minMs: 2000, maxMs: 3000, samples: 12 });
    expect(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).kinds)).toEqual(['|RESIZE_INSTANCE|INSTANCE|']);
    const zero = new DurationBook(file, at);
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: 2,
        kinds: {
          '|RESIZE_INSTANCE|INSTANCE|': [
            [0, fresh],
            [-5, fresh],
            ['x', fresh],
            [4000, fresh],
          ],
          'JUNK||': 'x',
          '|CREATE_INSTANCE|INSTANCE|': Array.from({ length: 13 }, (_, i) => [(i + 1) * 1000, fresh]),
        },
      }),
    );
    expect(zero.expected(kind)).toEqual({ minMs: 0, maxMs: 4000, samples: 2 });
    expect(zero.expected({ process: 'CREATE_INSTANCE', resourceType: 'INSTANCE' })).toEqual({ minMs: 2000, maxMs: 13_000, samples: 12 });
    // Written by another process after this one read it: not read again.
    fs.writeFileSync(file, JSON.stringify({ version: 2, kinds: { '|DELETE_INSTANCE|INSTANCE|': [[5000, fresh]] } }));
    expect(zero.expected({ process: 'DELETE_INSTANCE', resourceType: 'INSTANCE' })).toBeUndefined();
  });

  it('a file of version 1 (durations not tied to an endpoint) teaches nothing, and is replaced at the first write', () => {
    const file = tmp();
    fs.writeFileSync(file, JSON.stringify({ version: 1, kinds: { 'RESIZE_INSTANCE|INSTANCE|': [300_000, 300_000, 300_000] } }));
    const book = new DurationBook(file, at);
    expect(book.expected(kind)).toBeUndefined();
    book.observe(resize(2000));
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ version: 2, kinds: { '|RESIZE_INSTANCE|INSTANCE|': [[2000, NOW]] } });
  });

  it('samples age out: a month after it was learned, a duration no longer shapes a wait', () => {
    let now = NOW;
    const book = new DurationBook(undefined, () => now);
    book.observe(resize(300_000));
    now += SAMPLE_MAX_AGE_MS;
    book.observe({ ...resize(2000), id: 8 });
    expect(book.expected(kind)).toEqual({ minMs: 2000, maxMs: 300_000, samples: 2 });
    now += 1;
    expect(book.expected(kind)).toEqual({ minMs: 2000, maxMs: 2000, samples: 1 });
    now += SAMPLE_MAX_AGE_MS;
    expect(book.expected(kind)).toBeUndefined();
  });

  it('durations belong to an endpoint (the ITCare URL and client id, hashed: the file names no host)', () => {
    const file = tmp();
    const prod = endpointKey('https://itcare.cegedim.cloud/itcare/', 'ci-robot');
    const local = endpointKey('http://127.0.0.1:8080/itcare', 'ci-robot');
    expect(prod).toBe(endpointKey('https://itcare.cegedim.cloud/itcare', 'ci-robot'));
    expect(prod).not.toBe(endpointKey('https://itcare.cegedim.cloud/itcare', 'other-client'));
    expect(prod).toMatch(/^[0-9a-f]{12}$/);
    const book = new DurationBook(file, at);
    book.observe(resize(300_000), undefined, prod);
    book.observe(resize(2000), undefined, local); // the same action id and time, another endpoint: counted too
    expect(book.expected(kind, undefined, prod)).toMatchObject({ minMs: 300_000, maxMs: 300_000 });
    expect(book.expected(kind, undefined, local)).toMatchObject({ minMs: 2000, maxMs: 2000 });
    expect(book.expected(kind)).toBeUndefined();
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/cegedim|127\.0\.0\.1|ci-robot/);
  });

  it('one book per file in a process', () => {
    const file = tmp();
    expect(durationBook(file)).toBe(durationBook(file));
    expect(durationBook(file)).not.toBe(durationBook(tmp()));
  });
});

describe('learning against the emulator', () => {
  const em = useEmulator();
  let client: ITCareClient;
  beforeAll(() => {
    client = sdkClient(em);
  });

  it("learns from a resource's listed action history, not only from its own waits", async () => {
    await em.control.timing({ durationMs: 300 });
    const accepted = await client.compute.instances.create(demoInstance('hist01'));
    await client.waitForAction(accepted.actionId!, { strategy: 'backoff', minDelayMs: 50, maxDelayMs: 100 });
    const kind = { process: 'CREATE_INSTANCE', resourceType: 'INSTANCE' };
    const endpoint = endpointKey(client.options.url, client.options.clientId);
    const before = durationBook().expected(kind, undefined, endpoint)?.samples ?? 0;
    await client.actions.forResource({ name: 'hist01', type: 'INSTANCE' });
    expect(durationBook().expected(kind, undefined, endpoint)?.samples).toBe(before + 1);
    expect(durationBook().expected(kind)).toBeUndefined(); // learned for this endpoint only
  });

  it("a learned wait of a 2 s action: polls and lag read from the emulator's log and the action's completedAt", async () => {
    await em.control.timing({ durationMs: 2000 });
    const durations = new DurationBook();
    const first = await client.compute.instances.create(demoInstance('lrn01'));
    await client.waitForAction(first.actionId!, { durations }); // a kind never seen: the capped backoff
    await em.control.clearLog();
    const second = await client.compute.instances.create(demoInstance('lrn02'));
    const done = await client.waitForAction(second.actionId!, { durations });
    const polls = (await em.control.log()).filter((e) => e.method === 'GET' && e.path === `/itcare/actions/${second.actionId}`);
    // The poll that saw SUCCESS is the last one (the wait ends there). The log stamps a request when it
    // arrives and the action is judged a moment later, so that poll may be stamped just before
    // completedAt: it was then no lag at all.
    const seenAt = Date.parse(polls.at(-1)!.at);
    const lag = Math.max(0, seenAt - done.completedAt!.getTime());
    process.stdout.write(`learned 2 s wait: ${polls.length} polls, lag ${lag} ms (emulator clock)\n`);
    // One earlier sample: window 1.4–3 s polled every 150 ms (the capped backoff: 6 polls, ~1.1 s late).
    expect(polls.length).toBeLessThanOrEqual(15);
    // Sparse before the window: the first poll (which tells the action's kind) and one a second later
    // (an early end is noticed within a second).
    expect(polls.filter((e) => Date.parse(e.at) < done.submittedAt!.getTime() + 1400 - 50)).toHaveLength(2);
    expect(lag).toBeLessThanOrEqual(150 + 250); // a step, plus slack for a loaded machine's timers
  });
});
