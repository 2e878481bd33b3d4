import * as path from 'node:path';
import { spawnEmulator, type SpawnedEmulator } from '../helpers/emulator';
import { createStack, REPO, type TestStack } from '../helpers/pulumi';

/**
 * What the policy pack's CLI tests share: the program whose resources come from stack config, the
 * pack as the analyzer executable, and reading the verdicts from the CLI's own "Policies" section.
 */
export const PROGRAM = path.join(REPO, 'test', 'e2e', 'policyProgram');
export const PACK = path.join(REPO, 'policy-pack', 'itcare-policy');
export const FIXTURES = path.join(REPO, 'test', 'e2e', 'fixtures', 'policy');

/**
 * The violations of the CLI's "Policies" section: `- [mandatory]  <policy>  (<type>: <name>)`, then the
 * policy's description, then the violation's message.
 */
export function violations(output: string, level: 'mandatory' | 'advisory') {
  const lines = output.split('\n');
  return lines.flatMap((line, i) => {
    const m = new RegExp(`- \\[${level}\\]\\s+(\\S+)\\s+\\((\\S+): ([^)]+)\\)`).exec(line);
    return m ? [{ policy: m[1], type: m[2], resource: m[3], message: lines[i + 2]?.trim() }] : [];
  });
}

export interface PolicyStack {
  em: SpawnedEmulator;
  t: TestStack;
  /** Sets the program's resources (config `resources`), then runs the CLI command with these arguments. */
  run(resources: Record<string, unknown>, args: string[]): Promise<{ code: number; output: string }>;
}

/** One emulator and one stack of the policy program for a test file; `beforeDispose` runs before the destroy. */
export function usePolicyStack(name: string, beforeDispose?: (s: PolicyStack) => Promise<unknown>): PolicyStack {
  const s = {
    async run(resources: Record<string, unknown>, args: string[]) {
      await s.t.stack.setConfig('resources', { value: JSON.stringify(resources), secret: true });
      return s.t.cli(args);
    },
  } as PolicyStack;
  beforeAll(async () => {
    s.em = await spawnEmulator();
    s.t = await createStack(name, s.em, PROGRAM);
  });
  afterAll(async () => {
    if (s.t) await beforeDispose?.(s);
    await s.t?.dispose();
    await s.em?.stop();
  });
  return s;
}
