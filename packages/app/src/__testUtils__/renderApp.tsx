import { createApp } from '@backstage/frontend-defaults';
import { JsonObject } from '@backstage/types';
import { render, RenderResult } from '@testing-library/react';
import { appFeatures } from '../App';

/**
 * The whole app as the browser gets it, with `config` passed the way the
 * app-backend injects it (APP_CONFIG). A fresh app each time: an app reads
 * APP_CONFIG once and keeps it.
 */
export function renderApp(config: JsonObject = {}): RenderResult {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [
      {
        data: {
          app: { title: 'Test' },
          backend: { baseUrl: 'http://localhost:7007' },
          techdocs: {
            storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
          },
          ...config,
        },
        context: 'test',
      },
    ] as any,
  };
  return render(createApp({ features: appFeatures }).createRoot());
}
