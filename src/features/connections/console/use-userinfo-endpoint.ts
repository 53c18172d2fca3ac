import { useEffect, useState } from 'react';
import type { ResolvedProvider } from '../../../config/resolve';
import { useServices } from '../../../services/services';

/**
 * The discovered UserInfo endpoint of a provider without an API base, once discovery answers;
 * undefined meanwhile, for a provider with an API base, and when discovery fails or names none
 * (the console then has nowhere the credential may go, and stays hidden as before).
 */
export function useUserInfoEndpoint(provider: ResolvedProvider | undefined): string | undefined {
  const { lifecycle } = useServices();
  const [endpoint, setEndpoint] = useState<{ providerId: string; url: string | undefined }>();
  const providerId = provider && !provider.apiBaseUrl ? provider.id : undefined;
  useEffect(() => {
    if (providerId === undefined) return;
    let live = true;
    lifecycle.userInfoEndpoint(providerId).then(
      (url) => {
        if (live) setEndpoint({ providerId, url });
      },
      () => {
        if (live) setEndpoint({ providerId, url: undefined });
      },
    );
    return () => {
      live = false;
    };
  }, [lifecycle, providerId]);
  return endpoint?.providerId === providerId ? endpoint?.url : undefined;
}
