import { specialSecretSig, specialSigKey } from '@pulumi/pulumi/runtime/rpc';
import { conceal, reveal } from '../../native/secrets';

const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

test('reveal unwraps secrets at any depth and names the top-level keys that held one', () => {
  const r = reveal({ admPassword: secret('Pw#12345678ab'), tags: { a: secret('x'), b: 'y' }, cpu: 2 });
  expect(r.props).toEqual({ admPassword: 'Pw#12345678ab', tags: { a: 'x', b: 'y' }, cpu: 2 });
  expect(r.secretKeys.sort()).toEqual(['admPassword', 'tags']);
  expect(reveal(undefined)).toEqual({ props: {}, secretKeys: [] });
});

test('conceal wraps the named keys that are present and drops undefined values', () => {
  expect(
    conceal({ admPassword: 'p', __declared: { diskSize: 40 }, name: 'db', gone: undefined }, ['admPassword', '__declared', 'missing']),
  ).toEqual({
    admPassword: secret('p'),
    __declared: secret({ diskSize: 40 }),
    name: 'db',
  });
});
