import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { stacksOff } from '../../provider/resources/stacks';

/** A resource's registration runs with stack traces off (no frames captured), and the limit comes back. */
it('turns stack traces off until restored, and restores the previous limit', () => {
  const before = Error.stackTraceLimit;
  const restore = stacksOff();
  try {
    expect(new Error('x').stack).toBe('Error: x');
  } finally {
    restore();
  }
  expect(Error.stackTraceLimit).toBe(before);
  expect(new Error('y').stack).toMatch(/\n\s+at /);
});

/**
 * Under Pulumi's mocks, in a node process of its own (closure serialization needs no jest module
 * registry): the built resource class, the promises Pulumi tracks for it, and their stacks.
 */
const PROGRAM = `
const pulumi = require('@pulumi/pulumi');
pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name + '-id', state: a.inputs }), call: (a) => a.inputs }, 'proj', 'stack', false, 'org');
const { leakCandidates } = require('@pulumi/pulumi/runtime/state').getStore();
const { compute } = require(process.argv[1]);
const vm = new compute.Instance('stk01', { serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 2, ram: 4 });
const own = [...leakCandidates].filter((p) => String(p._debugCtx).includes('stk01'));
vm.cpu.apply((cpu) => console.log(JSON.stringify({ own: own.length, withFrames: own.filter((p) => p._debugStackTrace !== 'Error').length, cpu, limit: Error.stackTraceLimit })));
`;

it('an ITCare resource registers without per-promise stack strings, and the limit is restored', () => {
  const out = execFileSync(process.execPath, ['-e', PROGRAM, path.resolve(__dirname, '../../dist/provider/index.js')], {
    encoding: 'utf8',
    cwd: path.resolve(__dirname, '../..'),
  });
  const seen = JSON.parse(out.trim().split('\n').pop()!) as { own: number; withFrames: number; cpu: number; limit: number };
  expect(seen.own).toBeGreaterThan(40); // four per property
  expect(seen.withFrames).toBe(0);
  expect(seen).toMatchObject({ cpu: 2, limit: 10 });
});
