import * as path from 'node:path';
import { PolicyPack } from '@pulumi/policy';
import { policies } from './index';

/**
 * The policy pack's process: the Pulumi CLI starts it as an analyzer (policy-pack/itcare-policy, an
 * executable given to `--policy-pack`), and @pulumi/policy serves the rules over gRPC, printing its
 * port for the CLI. @pulumi/policy reads the pack's version from ./package.json: the package root's
 * is pulumi-itcare's own (the CLI starts analyzers in the program's directory).
 */
process.chdir(path.dirname(require.resolve('pulumi-itcare/package.json')));

new PolicyPack('itcare', {
  description:
    'Guardrails for ITCare estates (pulumi-itcare): HA, protection and power in PRODUCTION, sizing caps, tags, names, placement.',
  enforcementLevel: 'mandatory',
  policies,
});
