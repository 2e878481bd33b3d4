/**
 * oidc-provider 9 ships no TypeScript types. This declares only what the emulator touches; the
 * provider's models are typed loosely on purpose (we use them, we do not re-describe them).
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  // biome-ignore lint/suspicious/noExplicitAny: oidc-provider ships no types; its models are whatever its adapter stores
  export type Model = any;
  export interface OidcContext {
    req: IncomingMessage;
    body?: unknown;
    oidc: {
      client: { clientId: string };
      params?: Record<string, unknown>;
      entities: Record<string, Model>;
      entity(name: string, value: Model): void;
    };
  }
  export type GrantHandler = (ctx: OidcContext) => Promise<void>;

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    registerGrantType(name: string, handler: GrantHandler, params?: string[], dupes?: string[]): void;
    on(event: string, listener: (ctx: OidcContext, err?: unknown) => void): this;
    Grant: Model;
    AccessToken: Model;
    RefreshToken: Model;
    ResourceServer: Model;
  }

  export const errors: {
    InvalidScope: new (description: string, scope?: string) => Error;
    InvalidTarget: new (description?: string) => Error;
  };
}
