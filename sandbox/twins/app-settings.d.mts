export interface TwinUrls {
  convert: string;
  cloudconvert: string;
  videoask: string;
  whatconverts: string;
}

export const TWIN_PROXY_PROVIDERS: readonly ['cloudconvert', 'videoask'];

export function twinProviders(urls: TwinUrls): {
  convert: {
    clientId: string;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    apiBaseUrl: string;
  };
  cloudconvert: {
    clientId: string;
    useProxy: true;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    apiBaseUrl: string;
  };
  videoask: {
    clientId: string;
    useProxy: true;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    revocationEndpoint: string;
    apiBaseUrl: string;
  };
  whatconverts: { apiBaseUrl: string };
};

export function twinProxyEnv(
  urls: Pick<TwinUrls, 'cloudconvert' | 'videoask'>,
): Record<string, string>;
