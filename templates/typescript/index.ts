/**
 * One ITCare compute instance. Where it goes comes from the stack config (`pulumi config set
 * serviceId 1001`, `networkId`, `area`); the credentials too (`itcare:clientId`, and
 * `--secret itcare:clientSecret`), so that no secret is ever written in this file.
 */
import * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';

const config = new pulumi.Config();

const web = new itcare.compute.Instance('web01', {
  serviceId: config.requireNumber('serviceId'),
  networkId: config.requireNumber('networkId'),
  area: config.require('area'),
  productCode: 'deb12',
  cpu: 2,
  ram: 4,
  powerState: 'running',
  tags: { project: pulumi.getProject() },
});

export const resourceId = web.resourceId;
export const name = web.name;
export const status = web.status;
export const ipAddress = web.ipAddress;
