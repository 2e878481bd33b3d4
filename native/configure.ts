import * as grpc from '@grpc/grpc-js';
import * as provproto from '@pulumi/pulumi/proto/provider_pb';
import { configure } from '../provider/engine';
import { PACKAGE } from './tokens';

/**
 * The provider's configuration: stack config `itcare:url`, `itcare:clientId`, secret
 * `itcare:clientSecret`… for the default provider, an explicit provider resource's own inputs
 * otherwise. The engine starts one plugin process per provider, so each process configures the
 * settings module (provider/settings.ts) once, as the dynamic provider's configure() does.
 *
 * `@pulumi/pulumi/provider`'s server answers Configure without passing the request to the provider
 * object (its Provider interface has no configure), so its service implementation is given one here,
 * wrapped in as the server registers it.
 */
type Variables = { forEach(cb: (value: string, key: string) => void): void };
type ConfigureCall = { request: { getVariablesMap(): Variables } };
type Callback = (err: unknown, resp?: unknown) => void;

/** `itcare:config:url` (the engine's form) → `itcare:url` (the settings' keys). */
export function settingsOf(variables: Variables): Map<string, string> {
  const out = new Map<string, string>();
  variables.forEach((value, key) => {
    out.set(key.replace(`${PACKAGE}:config:`, `${PACKAGE}:`), value);
  });
  return out;
}

/** `extra`: other methods of the service to answer instead of the server's own (diffResponse.ts). */
export function interceptConfigure(extra: Record<string, unknown> = {}): void {
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (this: grpc.Server, service, impl) {
    // The server's other methods stay its own (a prototype chain keeps their `this` working).
    const configured = Object.assign(Object.create(impl) as object, extra, {
      configure(call: ConfigureCall, callback: Callback) {
        try {
          const settings = settingsOf(call.request.getVariablesMap());
          configure({ config: { get: (key) => settings.get(key) } });
          const resp = new provproto.ConfigureResponse();
          resp.setAcceptsecrets(true);
          // Unknown values arrive as the sentinel string the shared engine already knows (provider/inputs.ts).
          resp.setAcceptoutputs(false);
          resp.setAcceptresources(false);
          callback(null, resp);
        } catch (err) {
          callback(err);
        }
      },
    });
    return addService.call(this, service, configured as typeof impl);
  };
}
