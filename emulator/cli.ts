#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { type BehaviourSpec, shapesFromFlags } from '../sdk/answerShapes';
import { startEmulator } from './server';
import { type EmulatorProfile, emulatorProfile, readProfile } from '../sdk/accountProfile';

/**
 * itcare-emulator --port 8080 [--host 127.0.0.1] [--json] [--action-ms N] [--trust-issuer URL]
 * With --json, the first stdout line is one JSON object {url, issuer, clientId, clientSecret, port}:
 * test harnesses read it to learn the ephemeral port (--port 0).
 */

const USAGE =
  'usage: itcare-emulator [--port 8080] [--host 127.0.0.1] [--json] [--action-ms N] [--trust-issuer URL] [--ignore-query-filters] [--unknown-operations op1,op2] [--client id:secret ...] [--shape name=value ...] [--profile itcare-doctor-profile.json] (shapes: emulator/answerShapes.ts)';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      json: { type: 'boolean', default: false },
      'action-ms': { type: 'string' },
      'trust-issuer': { type: 'string' },
      'ignore-query-filters': { type: 'boolean', default: false },
      'unknown-operations': { type: 'string' },
      shape: { type: 'string', multiple: true, default: [] },
      // An itcare-doctor profile (--json): start as that ITCare answered; --shape flags win over it.
      profile: { type: 'string' },
      // Another API client besides the demo one (repeatable): someone else creating resources, for tests.
      client: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  let shapes: BehaviourSpec;
  let profile: EmulatorProfile | undefined;
  try {
    profile = values.profile ? emulatorProfile(readProfile(values.profile)) : undefined;
    shapes = { ...profile?.shapes, ...shapesFromFlags(values.shape) };
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const port = Number(values.port);
  const actionMs = values['action-ms'] === undefined ? undefined : Number(values['action-ms']);
  if (!Number.isInteger(port) || port < 0 || (actionMs !== undefined && !(actionMs >= 0))) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }

  const em = await startEmulator({
    port,
    host: values.host,
    actionMs,
    trustIssuer: values['trust-issuer'],
    // Only when given: absent, a --profile's or --shape's ignoreQueryFilters decides.
    ignoreQueryFilters: values['ignore-query-filters'] || undefined,
    unknownOperations: values['unknown-operations']?.split(',').filter(Boolean),
    shapes,
    accessTtl: profile?.accessTtl,
    refreshTtl: profile?.refreshTtl,
    clients: (values.client ?? []).map((c) => ({ clientId: c.slice(0, c.indexOf(':')), clientSecret: c.slice(c.indexOf(':') + 1) })),
  });
  for (const gap of profile?.notReproducible ?? []) console.error(`profile: not played by the emulator: ${gap}`);
  const info = { url: em.url, issuer: em.issuer, clientId: em.clientId, clientSecret: em.clientSecret, port: em.port };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(info)}\n`);
  } else {
    console.log(`ITCare emulator listening
  API URL:        ${info.url}
  OIDC issuer:    ${info.issuer}
  client id:      ${info.clientId}
  client secret:  ${info.clientSecret}
  control routes: http://${values.host}:${info.port}/_emulator/ (see emulator/README.md)`);
  }

  const stop = () => {
    em.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error('itcare-emulator failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
