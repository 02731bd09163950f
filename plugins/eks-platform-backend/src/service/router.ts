import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';

export interface RouterOptions {
  httpAuth: HttpAuthService;
}

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth } = options;
  const router = Router();
  router.use(express.json());

  // Open to load balancers and probes: see the auth policy in plugin.ts.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Everything else needs user or service credentials.
  router.get('/v1/whoami', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ principal: credentials.principal.type });
  });

  return router;
}
