import { DURATIONS_ENV } from '../sdk/actionDurations';
import { ITCareClient } from '../sdk/client';
import { ENV, parseTimeout } from '../sdk/config';
import { ConfigurationError } from '../sdk/errors';
import { session } from './session';

/**
 * Provider settings, from stack config (`itcare:url`, `itcare:oidcIssuer`, `itcare:clientId`,
 * `itcare:clientSecret`) given to configure(), falling back to ITCARE_* environment variables. They
 * live in this module of the provider process only: the serialized provider never sees them, so no
 * credential reaches the state file.
 */
export interface ConfigSource {
  get(key: string): string | undefined;
}

const KEYS = {
  url: ['itcare:url', ENV.url],
  issuer: ['itcare:oidcIssuer', ENV.issuer],
  clientId: ['itcare:clientId', ENV.clientId],
  clientSecret: ['itcare:clientSecret', ENV.clientSecret],
  timeout: ['itcare:timeout', ENV.timeout],
  profile: ['itcare:profile', 'ITCARE_PROFILE'],
} as const;

/** The settings of this process are its session's (session.ts): set here, read by the functions below. */
export function configure(config: ConfigSource): void {
  session.config = config;
  session.client = undefined;
  // `itcare:actionDurations`: where the adaptive waits keep what they learn (a path), or `off`. The
  // SDK reads it from the environment, and this process is the provider's own.
  const durations = config.get('itcare:actionDurations');
  if (durations) process.env[DURATIONS_ENV] = durations;
}

/** One setting from `config` (stack config keys), else its ITCARE_* variable. */
export function settingFrom(config: ConfigSource | undefined, name: keyof typeof KEYS): string | undefined {
  const [configKey, envKey] = KEYS[name];
  return config?.get(configKey) || process.env[envKey] || undefined;
}

const setting = (name: keyof typeof KEYS) => settingFrom(session.config, name);

/** The itcare-doctor profile this provider heeds (accountProfile.ts), when one is set. */
export function profileFile(): string | undefined {
  return setting('profile');
}

/** The API client of this provider process, created on first use (tokens are fetched lazily). */
export function apiClient(): ITCareClient {
  session.client ??= clientFrom(session.config, 'pulumi-itcare-provider');
  return session.client;
}

/**
 * An API client from one source of settings: the provider's configure(), or the program's own stack
 * config for the lookups (provider/lookups.ts). Missing credentials name what is missing.
 */
export function clientFrom(config: ConfigSource | undefined, userAgent: string): ITCareClient {
  const setting = (name: keyof typeof KEYS) => settingFrom(config, name);
  const clientId = setting('clientId');
  const clientSecret = setting('clientSecret');
  if (!clientId || !clientSecret) {
    // Name what is missing: a stack with only one of the two set must not read as "nothing configured".
    const missing = [
      !clientId && `itcare:clientId (\`pulumi config set itcare:clientId <id>\`, or ${ENV.clientId})`,
      !clientSecret && `itcare:clientSecret (\`pulumi config set --secret itcare:clientSecret <secret>\`, or ${ENV.clientSecret})`,
    ].filter(Boolean);
    throw new ConfigurationError(`ITCare credentials are missing: ${missing.join(' and ')}`);
  }
  const timeoutMs = parseTimeout(setting('timeout'), 'itcare:timeout');
  return new ITCareClient({ url: setting('url'), issuer: setting('issuer'), clientId, clientSecret, timeoutMs, userAgent });
}

/**
 * `itcare:serverValidation` (or ITCARE_SERVER_VALIDATION) = false turns the dry-run validation of
 * preview off, for an ITCare endpoint that does not honour `ITCare-DryRun` (the docs say only some
 * methods do; a missing echo is detected, but only after the server answered).
 */
export function serverValidation(): boolean {
  const v = session.config?.get('itcare:serverValidation') ?? process.env.ITCARE_SERVER_VALIDATION;
  return v === undefined || !/^(false|0|no|off)$/i.test(v);
}

/** Identifies the target (never the secret), for caches keyed by where a validation ran. */
export function target(): string {
  return `${setting('url') ?? 'default'}|${setting('clientId') ?? ''}`;
}
