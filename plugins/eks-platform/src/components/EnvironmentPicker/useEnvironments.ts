import { useEffect, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { PlatformEnvironmentSummary } from '@internal/backstage-plugin-eks-platform-common';
import { eksPlatformApiRef } from '../../api';

export type EnvironmentsState =
  | { state: 'loading' }
  | { state: 'error'; error: Error }
  | { state: 'loaded'; environments: PlatformEnvironmentSummary[] };

/** The platform's environments from the status backend, fetched once per mount. */
export function useEnvironments(): EnvironmentsState {
  const api = useApi(eksPlatformApiRef);
  const [result, setResult] = useState<EnvironmentsState>({
    state: 'loading',
  });
  useEffect(() => {
    let current = true;
    api.listEnvironments().then(
      ({ items }) => {
        if (current) setResult({ state: 'loaded', environments: items });
      },
      (error: Error) => {
        if (current) setResult({ state: 'error', error });
      },
    );
    return () => {
      current = false;
    };
  }, [api]);
  return result;
}
