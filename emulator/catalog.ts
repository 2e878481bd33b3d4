/**
 * Seed data of the emulated ITCare: the tenancy (services), the networks programs attach instances to,
 * the OS product catalogue with its sizing rules, and the regions / areas / availability zones.
 * All of it is INFERRED (ITCare does not publish these lists); see README.md.
 *
 * The sizing rules live here ONLY, not in the shared zod schema: like the real API, a client can learn
 * them solely by asking the server (a dry run), which is what the SDK's preview path is meant to do.
 */

export interface ServiceSeed {
  id: number;
  name: string;
  key: string;
  cloudId: number;
  cloudName: string;
}

export interface NetworkSeed {
  id: number;
  name: string;
  cidr: string;
  vlan: string;
  region: string;
  area: string;
  serviceId: number;
  scope: string;
}

export interface ProductSeed {
  code: string;
  label: string;
  type: 'LINUX' | 'WINDOWS';
  family: string;
  /** Minimum RAM in GB (Windows needs 4). */
  minRam: number;
  /** System disk when the create body has no diskSize. */
  defaultDiskSize: number;
}

export interface RegionSeed {
  code: string;
  label: string;
  defaultArea: string;
  areas: string[];
  availabilityZones: string[];
}

export const ALLOWED_CPU = [1, 2, 4, 8, 16, 32] as const;
export const ALLOWED_RAM_GB = [1, 2, 4, 8, 16, 32, 64, 128, 256] as const;

export const services: readonly ServiceSeed[] = [
  { id: 1001, name: 'Demo', key: 'DEMO', cloudId: 11, cloudName: 'Demo cloud' },
  { id: 1002, name: 'Sandbox', key: 'SANDBOX', cloudId: 11, cloudName: 'Demo cloud' },
];

export const networks: readonly NetworkSeed[] = [
  { id: 2001, name: 'EB-QA front', cidr: '10.10.1.0/24', vlan: '1101', region: 'EB', area: 'EB-QA', serviceId: 1001, scope: 'PRIVATE' },
  { id: 2002, name: 'EB-QA back', cidr: '10.10.2.0/24', vlan: '1102', region: 'EB', area: 'EB-QA', serviceId: 1001, scope: 'PRIVATE' },
  { id: 2003, name: 'ET-QA sandbox', cidr: '10.20.1.0/24', vlan: '2101', region: 'ET', area: 'ET-QA', serviceId: 1002, scope: 'PRIVATE' },
];

export const products: readonly ProductSeed[] = [
  { code: 'deb12', label: 'Debian 12', type: 'LINUX', family: 'DEBIAN', minRam: 1, defaultDiskSize: 40 },
  { code: 'deb11', label: 'Debian 11', type: 'LINUX', family: 'DEBIAN', minRam: 1, defaultDiskSize: 40 },
  { code: 'rhel9', label: 'Red Hat Enterprise Linux 9', type: 'LINUX', family: 'RHEL', minRam: 1, defaultDiskSize: 40 },
  { code: 'win2022', label: 'Windows Server 2022', type: 'WINDOWS', family: 'WINDOWS', minRam: 4, defaultDiskSize: 80 },
];

export const regions: readonly RegionSeed[] = [
  {
    code: 'EB',
    label: 'Boulogne-Billancourt',
    defaultArea: 'EB-QA',
    areas: ['EB-QA', 'EB-PROD'],
    availabilityZones: ['EB-A', 'EB-B', 'EB-C'],
  },
  { code: 'ET', label: 'Toulouse-Labege', defaultArea: 'ET-QA', areas: ['ET-QA', 'ET-PROD'], availabilityZones: ['ET-A', 'ET-B'] },
];

export const findService = (id: number) => services.find((s) => s.id === id);
export const findNetwork = (id: number) => networks.find((n) => n.id === id);
export const findProduct = (code: string) => products.find((p) => p.code === code);
export const findRegion = (code: string) => regions.find((r) => r.code === code);
export const regionOfArea = (area: string) => regions.find((r) => r.areas.includes(area));

/** Why a sizing is refused by the product, or undefined when it is allowed. */
export function sizingProblem(product: ProductSeed, cpu: number, ram: number): { field: 'cpu' | 'ram'; message: string } | undefined {
  if (!(ALLOWED_CPU as readonly number[]).includes(cpu)) {
    return { field: 'cpu', message: `Error on field 'cpu': ${cpu} vCPU is not offered, allowed values are ${ALLOWED_CPU.join(', ')}` };
  }
  if (!(ALLOWED_RAM_GB as readonly number[]).includes(ram)) {
    return { field: 'ram', message: `Error on field 'ram': ${ram} GB is not offered, allowed values are ${ALLOWED_RAM_GB.join(', ')}` };
  }
  if (ram < product.minRam) {
    return { field: 'ram', message: `Error on field 'ram': product ${product.code} needs at least ${product.minRam} GB of RAM` };
  }
  return undefined;
}

/** The first free host address of a /24-or-larger IPv4 CIDR, from .10 up (lower ones are gateways). */
export function allocateIp(cidr: string, used: ReadonlySet<string>): string | undefined {
  const [base, bits] = cidr.split('/');
  const start = base.split('.').reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0;
  const size = 2 ** (32 - Number(bits));
  for (let i = 10; i < size - 1; i++) {
    const n = (start + i) >>> 0;
    const ip = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
    if (!used.has(ip)) return ip;
  }
  return undefined;
}
