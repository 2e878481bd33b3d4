/**
 * The migration test's program: config `front` says which classes declare the instance, `dynamic`
 * (pulumi-itcare) or `native` (pulumi-itcare/native); `importId` adopts an existing one into a
 * native resource (the `import` resource option, which dynamic resources do not have).
 */
import * as pulumi from '@pulumi/pulumi';
import * as itcare from 'pulumi-itcare';
import * as native from 'pulumi-itcare/native';

const config = new pulumi.Config();
const args = { serviceId: 1001, networkId: 2001, productCode: 'deb12', cpu: 2, ram: 4, tags: { app: 'shop' } };
const importId = config.get('importId');
const vm =
  config.require('front') === 'native'
    ? new native.compute.Instance('web01', args, importId ? { import: importId } : {})
    : new itcare.compute.Instance('web01', args);
export const resourceId = vm.resourceId;
export const urn = vm.urn;
