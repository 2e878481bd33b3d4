#!/usr/bin/env node
/**
 * `npm start`: the quickstart, end to end, on the embedded emulator.
 *   1. start a local ITCare (API + OIDC issuer) on a free port
 *   2. make sure a Pulumi CLI is there (scripts/ensure-pulumi: PATH, cache, or a build)
 *   3. configure a local stack (file:// backend in .pulumi-state/, credentials as stack config)
 *   4. `pulumi up` the program of examples/quickstart (two instances)
 *   5. print the stack outputs and what ITCare (the emulator) now holds
 *   6. `pulumi destroy` and remove the stack, since the emulator's memory ends with this process.
 * `npm start -- --keep` leaves everything up until Ctrl-C, with the commands to explore it by hand.
 */
const { execFileSync, spawn } = require('node:child_process');
const path = require('node:path');
const { startEmulator } = require('../dist/emulator/server');
const { ITCareClient } = require('../dist/sdk');

const repo = path.resolve(__dirname, '..');
const keep = process.argv.includes('--keep');
const stack = 'quickstart';
let step = 0;
const announce = (what) => console.log(`\n\x1b[1m[${++step}/6] ${what}\x1b[0m`);

/** Runs the CLI asynchronously: the emulator lives in this process and must keep answering. */
function pulumi(args, env, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn('pulumi', args, { cwd: repo, env, stdio: ['ignore', opts.capture ? 'pipe' : 'inherit', 'inherit'] });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`pulumi ${args.join(' ')} exited with ${code}`))));
  });
}

async function main() {
  announce('Starting the ITCare emulator (API + OIDC issuer) on a free port');
  const em = await startEmulator({ port: 0, actionMs: 1500 });
  console.log(`  API     ${em.url}\n  issuer  ${em.issuer}\n  client  ${em.clientId} (secret passed as secret stack config)`);

  announce('Making sure a Pulumi CLI is available');
  const bin = execFileSync(path.join(repo, 'scripts', 'ensure-pulumi'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim()
    .split('\n')
    .pop();
  const env = {
    ...process.env,
    PATH: [bin, path.join(repo, 'node_modules', '.bin'), process.env.PATH].join(path.delimiter),
    PULUMI_BACKEND_URL: process.env.PULUMI_BACKEND_URL || `file://${path.join(repo, '.pulumi-state')}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? 'quickstart',
    // What the emulator's actions take teaches nothing about ITCare's: keep it beside the local state,
    // out of the user's record (~/.cache/pulumi-itcare/action-durations.json).
    ITCARE_ACTION_DURATIONS: path.join(repo, '.pulumi-state', 'action-durations.json'),
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
  };
  require('node:fs').mkdirSync(path.join(repo, '.pulumi-state'), { recursive: true });
  console.log(`  ${(await pulumi(['version'], env, { capture: true })).trim()} from ${bin}`);

  announce(`Configuring the local stack "${stack}" (backend ${env.PULUMI_BACKEND_URL})`);
  await pulumi(['stack', 'select', '--create', stack], env);
  await pulumi(['config', 'set', 'itcare:url', em.url], env);
  await pulumi(['config', 'set', 'itcare:oidcIssuer', em.issuer], env);
  await pulumi(['config', 'set', 'itcare:clientId', em.clientId], env);
  await pulumi(['config', 'set', '--secret', 'itcare:clientSecret', em.clientSecret], env);

  try {
    announce('pulumi up: declaring two instances (examples/quickstart/index.ts)');
    await pulumi(['up', '--yes', '--stack', stack], env);

    announce('Stack outputs, and what ITCare now holds');
    console.log(await pulumi(['stack', 'output', '--json', '--stack', stack], env, { capture: true }));
    const client = new ITCareClient({ url: em.url, issuer: em.issuer, clientId: em.clientId, clientSecret: em.clientSecret });
    for await (const vm of client.compute.instances.paginate({})) {
      console.log(
        `  ${vm.name.padEnd(8)} id ${vm.id}  ${vm.status.padEnd(8)} ${vm.ipAddress}  ${vm.cpu} vCPU / ${vm.ram} GB  ${vm.productCode}`,
      );
    }
    if (keep) {
      console.log(
        `\nLeft running. In another terminal:\n  export PATH=${bin}:$PATH PULUMI_BACKEND_URL=${env.PULUMI_BACKEND_URL} PULUMI_CONFIG_PASSPHRASE=${env.PULUMI_CONFIG_PASSPHRASE}\n  pulumi stack output --stack ${stack}; pulumi up --stack ${stack}\nPress Ctrl-C here to destroy the stack and stop the emulator.`,
      );
      await new Promise((resolve) => process.once('SIGINT', resolve));
    }
  } finally {
    announce('pulumi destroy: the emulator keeps its state in memory, so the stack goes with it');
    try {
      await pulumi(['destroy', '--yes', '--stack', stack], env);
      await pulumi(['stack', 'rm', '--yes', stack], env);
    } finally {
      await em.close();
    }
  }
  console.log('\nDone. To keep the stack up and explore it by hand: npm start -- --keep');
}

main().catch((err) => {
  console.error(`\nquickstart failed: ${err.message}`);
  process.exit(1);
});
