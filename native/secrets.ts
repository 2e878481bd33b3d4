import { specialSecretSig, specialSigKey } from '@pulumi/pulumi/runtime/rpc';
import type { Props } from '../provider/inputs';

/**
 * Secrets on the wire: the plugin tells the engine it accepts secrets, so a secret input arrives as
 * `{<sig>: <secret sig>, value}` and a secret output is returned the same way. The lifecycle works on
 * plain values; these convert at the door, and say which top-level keys were secret so the answer
 * keeps them secret (a password from a YAML secret config stays ciphertext in state).
 */

const isSecret = (v: unknown): v is { value: unknown } => !!v && typeof v === 'object' && (v as Props)[specialSigKey] === specialSecretSig;

function plain(v: unknown): unknown {
  if (isSecret(v)) return plain(v.value);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function holdsSecret(v: unknown): boolean {
  if (isSecret(v)) return true;
  if (v && typeof v === 'object') return Object.values(v).some(holdsSecret);
  return false;
}

/** The plain properties, and the keys whose value was (or held) a secret. */
export function reveal(props: Props | undefined): { props: Props; secretKeys: string[] } {
  const p = props ?? {};
  return { props: plain(p) as Props, secretKeys: Object.keys(p).filter((k) => holdsSecret(p[k])) };
}

/** The properties with these keys as secrets (undefined values dropped: protobuf has no undefined). */
export function conceal(props: Props, keys: Iterable<string>): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props)) if (v !== undefined) out[k] = v;
  for (const k of keys) if (out[k] !== undefined) out[k] = { [specialSigKey]: specialSecretSig, value: out[k] };
  return out;
}
