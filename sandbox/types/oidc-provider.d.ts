/**
 * oidc-provider 9 ships no type declarations. These cover only what the sandbox (and the
 * benchmark's server, through sandbox/quiet-oidc.mjs) uses, as its documentation describes it;
 * everything else in the package stays untyped on purpose. Extend this when a new part is used.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** The koa context oidc-provider hands to middleware and configuration callbacks. */
  export interface KoaContextWithOIDC {
    req: IncomingMessage & Record<PropertyKey, unknown>;
    res: ServerResponse;
    method: string;
    /** Below the mount path. */
    path: string;
    querystring: string;
    originalUrl: string;
    protocol: string;
    host: string;
    headers: Record<string, string | string[] | undefined>;
    status: number;
    body: unknown;
    type: string;
    /** Where oidc-provider builds its own URLs from. */
    mountPath?: string;
    response: { headers: Record<string, unknown> };
    oidc?: {
      route?: string;
      params?: Record<string, unknown>;
      entities: { RotatedRefreshToken?: { remainingTTL: number } };
      provider: Provider;
      client: Client;
      session: { accountId: string; grantIdFor(clientId: string): string | undefined };
      result?: { consent?: { grantId?: string } };
      requestParamScopes?: Set<string>;
    };
    get(header: string): string;
    set(header: string, value: string): void;
    set(headers: Record<string, string>): void;
    remove(header: string): void;
    vary(header: string): void;
    redirect(url: string): void;
    throw(status: number, message: string): never;
  }

  export type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

  /** An error oidc-provider emits or renders: RFC 6749's fields plus its own detail. */
  export interface OIDCError extends Error {
    error?: string;
    error_description?: string;
    error_detail?: string;
  }

  export interface Client {
    clientId: string;
    clientName?: string;
    clientAuthMethod: string;
    grantTypeAllowed(type: string): boolean;
  }

  export interface Interaction {
    uid: string;
    prompt: { name: string };
    grantId?: string;
    params: Record<string, unknown> & { client_id: string; scope?: string; claims?: unknown };
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    save(): Promise<string>;
  }

  export interface AccessToken {
    accountId: string;
    clientId: string;
    isExpired: boolean;
    /** The granted scopes, space-separated. */
    scope?: string;
    /** The JWK thumbprint of a DPoP-bound token's key (RFC 9449). */
    jkt?: string;
  }

  export interface Account {
    accountId: string;
    claims(): Promise<Record<string, unknown>>;
  }

  /**
   * The options the sandbox sets. The callbacks are typed so their parameters are checked; the
   * plain data (clients, claims, cookies, jwks, ...) passes through as oidc-provider documents it.
   */
  export interface Configuration {
    [option: string]: unknown;
    adapter?: unknown;
    findAccount?: (ctx: KoaContextWithOIDC, sub: string) => Promise<Account | undefined>;
    pkce?: { required: (ctx: KoaContextWithOIDC, client: Client) => boolean };
    loadExistingGrant?: (ctx: KoaContextWithOIDC) => Promise<Grant | undefined>;
    interactions?: { url: (ctx: KoaContextWithOIDC, interaction: Interaction) => Promise<string> };
    features?: Record<string, Record<string, unknown>> & {
      revocation?: {
        enabled: boolean;
        allowedPolicy?: (
          ctx: KoaContextWithOIDC,
          client: Client,
          token: { clientId: string },
        ) => Promise<boolean>;
      };
    };
    issueRefreshToken?: (
      ctx: KoaContextWithOIDC,
      client: Client,
      code: { scopes: Set<string> },
    ) => Promise<boolean>;
    clientBasedCORS?: (ctx: KoaContextWithOIDC, origin: string, client: Client) => boolean;
    ttl?: Record<
      string,
      number | ((ctx: KoaContextWithOIDC, token: unknown, client: Client) => number)
    >;
    renderError?: (
      ctx: KoaContextWithOIDC,
      out: Record<string, unknown>,
      error: OIDCError,
    ) => Promise<void>;
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    use(middleware: Middleware): void;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    pathFor(route: string, options?: { mountPath?: string }): string;
    on(event: 'error', listener: (error: OIDCError) => void): this;
    on(
      event: 'grant.success' | 'grant.error' | 'server_error',
      listener: (ctx: KoaContextWithOIDC, error: OIDCError) => void,
    ): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    Client: { find(id: string): Promise<Client | undefined> };
    Grant: {
      new (properties: { accountId: string; clientId: string }): Grant;
      find(id: string): Promise<Grant | undefined>;
    };
    AccessToken: { find(value: string): Promise<AccessToken | undefined> };
  }
}

declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  /** oidc-provider's own in-memory adapter (an adapter factory for `Configuration.adapter`). */
  export function createMemoryAdapter(clockTolerance?: number): unknown;
}
