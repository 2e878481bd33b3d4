/**
 * pulumi-itcare: Pulumi resources for the cegedim.cloud ITCare API.
 *
 *   import * as itcare from 'pulumi-itcare';
 *   new itcare.compute.Instance('web01', { serviceId: 1001, productCode: 'deb12', networkId: 2001, cpu: 2, ram: 4 });
 *
 * Credentials: `pulumi config set itcare:clientId …`, `pulumi config set --secret itcare:clientSecret …`
 * (or ITCARE_CLIENT_ID / ITCARE_CLIENT_SECRET); `itcare:url` and `itcare:oidcIssuer` for another endpoint.
 */
import { Instance, type InstanceArgs } from './resources/compute';

export const compute = { Instance };
export type { InstanceArgs };
export { Instance };
