import type { ITCareClient } from '../sdk/client';
import type { Props } from './inputs';

interface Failure {
  property: string;
  reason: string;
}

/** At most this many entries are listed: a hint, not a catalogue dump. */
const LISTED = 15;

/**
 * A rejected serviceId or networkId says what the program could use instead: the services the
 * client sees, the networks of the chosen service (ITCare's own lookups, GET /compute/services and
 * /networking/networks; the network list's service filter is a hint, checked here). Products, regions
 * and zones have no lookup endpoint: ITCare's own message is all there is. Best effort: a lookup
 * that fails leaves the failure as it was.
 */
export async function withAlternatives(api: ITCareClient, failure: Failure, inputs: Props): Promise<Failure> {
  try {
    if (failure.property === 'serviceId') {
      const services: string[] = [];
      for await (const s of api.services()) if (services.push(`${s.id} (${s.name})`) >= LISTED) break;
      return services.length ? { ...failure, reason: `${failure.reason}; services you can use: ${services.join(', ')}` } : failure;
    }
    if (failure.property === 'networkId' && typeof inputs.serviceId === 'number') {
      const nets: string[] = [];
      for await (const n of api.networks({ services: String(inputs.serviceId) })) {
        if (n.serviceId === inputs.serviceId && nets.push(`${n.id} (${n.name}${n.area ? `, ${n.area}` : ''})`) >= LISTED) break;
      }
      const list = nets.length ? nets.join(', ') : 'none';
      return { ...failure, reason: `${failure.reason}; networks of service ${inputs.serviceId}: ${list}` };
    }
  } catch {
    // the hint is optional: the rejection itself is the answer
  }
  return failure;
}
