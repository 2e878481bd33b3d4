/**
 * Quickstart: a web server and a database server on ITCare.
 * `npm start` runs it against the embedded emulator; against the real API, set the itcare:* config
 * (or ITCARE_* variables) and the serviceId / networkId of your service.
 */
import * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';

const config = new pulumi.Config();
const serviceId = config.getNumber('serviceId') ?? 1001;
const networkId = config.getNumber('networkId') ?? 2001;

const web = new itcare.compute.Instance('web01', {
  serviceId,
  networkId,
  productCode: 'deb12',
  area: 'EB-QA',
  cpu: 2,
  ram: 4,
  environment: 'DEVELOPMENT',
  tags: { app: 'quickstart', tier: 'web' },
});

const db = new itcare.compute.Instance('db01', {
  serviceId,
  networkId,
  productCode: 'rhel9',
  area: 'EB-QA',
  cpu: 4,
  ram: 16,
  environment: 'DEVELOPMENT',
  tags: { app: 'quickstart', tier: 'db' },
  powerState: 'running',
  timeouts: { create: '45m' },
});

export const webId = web.resourceId;
export const webIp = web.ipAddress;
export const dbId = db.resourceId;
export const dbIp = db.ipAddress;
export const dbStatus = db.status;
