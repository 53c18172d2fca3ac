import * as oauth from 'oauth4webapi';
import { ErrorCode, KeyfobError } from './errors';

/** Turns what oauth4webapi throws into Keyfob's typed errors, keeping OAuth's own words. */
export function toKeyfobError(error: unknown, providerName: string): KeyfobError {
  if (error instanceof KeyfobError) return error;
  if (error instanceof oauth.AuthorizationResponseError) {
    const denied = error.error === 'access_denied';
    return new KeyfobError(
      denied ? ErrorCode.ACCESS_DENIED : ErrorCode.AUTHORIZATION_ERROR,
      denied
        ? `You declined to connect ${providerName}, so nothing was stored.`
        : `${providerName} refused the authorization: ${error.error_description ?? error.error}.`,
      { oauthError: error.error, oauthErrorDescription: error.error_description, cause: error },
    );
  }
  if (error instanceof oauth.ResponseBodyError) {
    return new KeyfobError(
      ErrorCode.TOKEN_ENDPOINT_ERROR,
      `${providerName}'s token endpoint refused the request: ${error.error_description ?? error.error}.`,
      {
        oauthError: error.error,
        oauthErrorDescription: error.error_description,
        status: error.status,
        body: error.cause,
        cause: error,
      },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new KeyfobError(
    ErrorCode.INVALID_RESPONSE,
    `${providerName}'s response could not be accepted: ${message}.`,
    { cause: error },
  );
}
