import { ConflictError, httpError } from '../../sdk/errors';
import { instances } from '../../sdk/resources/instance';
import { loadBalancerUrls } from '../../sdk/resources/loadBalancerUrl';
import { ResourceKind } from '../../provider/resourceKind';

const instanceKind = ResourceKind.of(instances);
const urlKind = ResourceKind.of(loadBalancerUrls);

/**
 * What the user reads when ITCare refuses a create or an operation, written out in full: the
 * resource, the inputs that needed the operation, ITCare's own words, and the way out when this
 * ITCare does not offer the operation at all. The lifecycle and engine suites show these messages
 * reach the user; here each part of them is pinned.
 */
const vm = { name: 'web01', serviceId: 1001, cpu: 4, ram: 8 };
const patch = (status: number, body: Record<string, string>) => httpError('PATCH', '/compute/instances/7', status, body);
const busy = patch(409, { errorCode: 'INVALID_STATE', errorMessage: 'an action is running' });

describe('operationReason', () => {
  it("names the operation, the inputs that needed it and ITCare's words", () => {
    expect(instanceKind.refusals.operationReason(vm, { operation: 'resize', options: {} }, busy, 'in dry run')).toBe(
      'Instance web01: ITCare refused operation resize (needed to change cpu, ram in place) in dry run (INVALID_STATE: an action is running)',
    );
    expect(
      instanceKind.refusals.operationReason({ ...vm, powerState: 'stopped' }, { operation: 'stop', options: {} }, busy, 'at update'),
    ).toBe(
      'Instance web01: ITCare refused operation stop (needed to change powerState in place) at update (INVALID_STATE: an action is running)',
    );
    expect(
      instanceKind.refusals.operationReason(
        { name: 'web01', powerState: 'running' },
        { operation: 'start', options: {} },
        busy,
        'at update',
      ),
    ).toContain('operation start (needed to change powerState in place)');
    expect(instanceKind.refusals.operationReason({ name: 'web01' }, { operation: 'reset', options: {} }, patch(500, {}), 'at update')).toBe(
      'Instance web01: ITCare refused operation reset at update (HTTP 500, no details)',
    );
  });

  it('an operation this ITCare does not know (400 on `operation`, or said so) gets the way out; other refusals do not', () => {
    const tags = { ...vm, tags: { team: 'web' } };
    const step = { operation: 'update_metadata', options: {} };
    const hint =
      '. This ITCare does not offer operation update_metadata: tags cannot change in place here; revert the change, or recreate the resource (e.g. pulumi up --replace)';
    expect(
      instanceKind.refusals.operationReason(
        tags,
        step,
        patch(400, { errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'operation', errorMessage: 'not offered' }),
        'in dry run',
      ),
    ).toBe(
      `Instance web01: ITCare refused operation update_metadata (needed to change tags in place) in dry run (INVALID_FIELD_VALUE: not offered)${hint}`,
    );
    expect(
      instanceKind.refusals.operationReason(
        tags,
        step,
        patch(400, { errorCode: 'BAD_REQUEST', errorMessage: 'Unknown operation update_metadata' }),
        'in dry run',
      ),
    ).toContain(hint);
    expect(
      instanceKind.refusals.operationReason(
        { name: 'web01' },
        { operation: 'reset', options: {} },
        patch(400, { errorDesc: 'operation' }),
        'in dry run',
      ),
    ).toContain('. This ITCare does not offer operation reset: this change cannot change in place here');
    for (const other of [
      patch(409, { errorDesc: 'operation', errorMessage: 'unknown operation' }),
      patch(400, { errorDesc: 'cpu', errorMessage: 'too many' }),
    ]) {
      expect(instanceKind.refusals.operationReason(tags, step, other, 'in dry run')).not.toContain('does not offer');
    }
  });
});

describe('refusedCreate and refusedOperation', () => {
  const post = (status: number, body: Record<string, string>, path = '/compute/instances') => httpError('POST', path, status, body);

  it("a refused POST of this resource says which one, keeping the class and ITCare's fields", () => {
    const err = instanceKind.refusals.refusedCreate(
      vm,
      post(400, { errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'cpu', errorMessage: 'too many' }),
    ) as Error & Record<string, unknown>;
    expect(err.message).toBe(
      'compute.Instance web01: ITCare refused the create (property cpu): INVALID_FIELD_VALUE: too many [ITCare POST /compute/instances: HTTP 400]',
    );
    expect(err).toMatchObject({
      code: 'ITCARE_BAD_REQUEST',
      errorCode: 'INVALID_FIELD_VALUE',
      httpStatus: 400,
      method: 'POST',
      path: '/compute/instances',
    });
    const taken = instanceKind.refusals.refusedCreate(vm, post(409, { errorCode: 'RESOURCE_ALREADY_EXISTS' })) as Error;
    expect(taken).toBeInstanceOf(ConflictError);
    expect(taken.message).toMatch(
      /^compute\.Instance web01: ITCare refused the name web01 in service 1001 \(RESOURCE_ALREADY_EXISTS\): .*`adopt: true`/,
    );
  });

  it("another request's error, or a child POSTed under another parent, is left as it is", () => {
    const elsewhere = [
      patch(400, { errorDesc: 'cpu' }),
      httpError('GET', '/compute/instances', 400, { errorDesc: 'names' }),
      post(400, { errorDesc: 'cpu' }, '/compute/instances/7/snapshots'),
      new Error('socket hang up'),
    ];
    for (const err of elsewhere) expect(instanceKind.refusals.refusedCreate(vm, err)).toBe(err);
    const underTwo = post(400, { errorDesc: 'name' }, '/networking/loadbalancers/2/urls');
    expect(urlKind.refusals.refusedCreate({ loadBalancerId: 3, name: 'www.shop.cegedim.cloud' }, underTwo)).toBe(underTwo);
    expect((urlKind.refusals.refusedCreate({ loadBalancerId: 2, name: 'www.shop.cegedim.cloud' }, underTwo) as Error).message).toMatch(
      /^networking\.LoadBalancerUrl www\.shop\.cegedim\.cloud: ITCare refused the create \(property name\)/,
    );
    const plain = new Error('socket hang up');
    expect(instanceKind.refusals.refusedOperation(vm, { operation: 'resize', options: {} }, plain)).toBe(plain);
    expect((instanceKind.refusals.refusedOperation(vm, { operation: 'resize', options: {} }, busy) as Error).message).toBe(
      'compute.Instance web01: ITCare refused operation resize (needed to change cpu, ram in place) at update (INVALID_STATE: an action is running) [ITCare PATCH /compute/instances/7: HTTP 409]',
    );
  });
});
