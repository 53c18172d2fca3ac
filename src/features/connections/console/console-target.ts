/**
 * Where the console's calls go: a path under the provider's API base, or, for an OpenID provider
 * without one, exactly its discovered UserInfo endpoint (the one URL the credential may go to).
 */
export type ConsoleTarget = { kind: 'api-base'; url: string } | { kind: 'userinfo'; url: string };

/** The UserInfo endpoint's URL when that is the target: the fixed URL a draft must name. */
export const userInfoUrlOf = (target: ConsoleTarget | undefined) =>
  target?.kind === 'userinfo' ? target.url : undefined;
