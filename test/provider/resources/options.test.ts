import * as pulumi from '@pulumi/pulumi';
import { optionInputs, refuseUnenforcedOptions, replaceOrder } from '../../../provider/resources/options';

/**
 * Resource options a dynamic resource cannot honour, said when the resource is declared. Under the
 * real engine (test/e2e/pulumiOptions.test.ts) the warning reaches the CLI; outside one, Pulumi's
 * log prints it on the console, which is what is read here.
 */
describe('resource options the provider cannot honour', () => {
  let warnings: string[];
  let spy: jest.SpyInstance;
  beforeEach(() => {
    warnings = [];
    spy = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
    });
  });
  afterEach(() => spy.mockRestore());

  it('refuses `import`, naming the resource and `adopt: true` instead', () => {
    let err: unknown;
    try {
      refuseUnenforcedOptions('compute.Instance', 'web01', { import: '1234' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(pulumi.RunError);
    expect((err as Error).message).toBe(
      'compute.Instance web01: the `import` resource option (and `pulumi import`) does not work for ITCare resources, which are dynamic resources. ' +
        'Remove it and set the input `adopt: true`: the provider then manages the ITCare resource of the same name in the service instead of creating one.',
    );
    expect(warnings).toEqual([]);
  });

  it('warns that customTimeouts is not enforced, naming the `timeouts` input', () => {
    refuseUnenforcedOptions('databases.Redis', 'cache01', { customTimeouts: { create: '30m' } });
    expect(warnings).toEqual([
      'warning: [runtime] databases.Redis cache01: customTimeouts is not enforced for ITCare resources (dynamic resources ignore it); ' +
        'use the input `timeouts` instead, e.g. `timeouts: { create: "30m", update: "20m", delete: "20m" }`.',
    ]);
  });

  it('says nothing about the options it honours, nor without options', () => {
    expect(() =>
      refuseUnenforcedOptions('compute.Instance', 'web02', { protect: true, replaceOnChanges: ['ram'], deleteBeforeReplace: true }),
    ).not.toThrow();
    expect(() => refuseUnenforcedOptions('compute.Instance', 'web03', undefined)).not.toThrow();
    expect(warnings).toEqual([]);
  });
});

describe('options the provider applies itself', () => {
  it('replaceOnChanges travels as the __replaceOnChanges input; nothing else does', () => {
    expect(optionInputs({ replaceOnChanges: ['ram', 'cpu'] })).toEqual({ __replaceOnChanges: ['ram', 'cpu'] });
    expect(optionInputs({ replaceOnChanges: [] })).toEqual({});
    expect(optionInputs({ protect: true, deleteBeforeReplace: true })).toEqual({});
    expect(optionInputs(undefined)).toEqual({});
  });

  it('deleteBeforeReplace: false travels as __deleteBeforeReplace (only false: stacks that never set it store nothing new)', () => {
    expect(optionInputs({ deleteBeforeReplace: false })).toEqual({ __deleteBeforeReplace: false });
  });

  it('deleteBeforeReplace defaults to true for kinds with unique names; an explicit value is kept', () => {
    expect(replaceOrder(true, undefined)).toEqual({ deleteBeforeReplace: true });
    expect(replaceOrder(true, { protect: true })).toEqual({ deleteBeforeReplace: true });
    expect(replaceOrder(true, { deleteBeforeReplace: false })).toEqual({});
    expect(replaceOrder(false, undefined)).toEqual({});
  });
});
