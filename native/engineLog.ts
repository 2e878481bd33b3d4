import { AsyncLocalStorage } from 'node:async_hooks';
import * as grpc from '@grpc/grpc-js';
import * as enginerpc from '@pulumi/pulumi/proto/engine_grpc_pb';
import * as engineproto from '@pulumi/pulumi/proto/engine_pb';

/**
 * Progress and notices of a resource, logged to the engine against the resource's URN, so the CLI
 * shows each line under its resource (the dynamic provider can only write to stderr, which the CLI
 * shows under the stack).
 *
 * The shared lifecycle (provider/lifecycle.ts, engine.ts, progress.ts) writes its lines to stderr:
 * that is its one output, for both front doors. Here each resource call runs in an async context
 * holding its URN, and a stderr line written in that context goes to the engine's Log instead; a
 * line written outside any call (or when the engine cannot be reached) stays on stderr.
 */
const current = new AsyncLocalStorage<string>();
let engine: enginerpc.EngineClient | undefined;

/** Runs `body` as work on the resource `urn`: its stderr lines are logged against it. */
export function onResource<T>(urn: string, body: () => Promise<T>): Promise<T> {
  return current.run(urn, body);
}

/** Connects to the engine (its address is the plugin's first argument) and routes stderr lines. */
export function routeStderr(engineAddress: string | undefined): void {
  if (!engineAddress) return;
  engine = new enginerpc.EngineClient(engineAddress, grpc.credentials.createInsecure());
  const write = process.stderr.write.bind(process.stderr) as (chunk: unknown, ...rest: unknown[]) => boolean;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    const urn = current.getStore();
    if (!urn || !engine) return write(chunk, ...rest);
    const text = String(chunk)
      .replace(/\n$/, '')
      .replace(/^itcare: /, '');
    const req = new engineproto.LogRequest();
    req.setSeverity(engineproto.LogSeverity.INFO);
    req.setMessage(text);
    req.setUrn(urn);
    engine.log(req, (err) => {
      if (err) write(`${text} (${err.message})\n`);
    });
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof process.stderr.write;
}
