import { ReactElement } from 'react';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { RenderResult } from '@testing-library/react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityPlatformStatus } from '@internal/backstage-plugin-eks-platform-common';
import { EksPlatformApi, eksPlatformApiRef } from '../api';
import { checkoutEntity } from './fixtures';

/** An API answering with the given status, or never answering (`'pending'`), or failing. */
export function mockStatusApi(
  answer: EntityPlatformStatus | 'pending' | Error,
) {
  const api = {
    getEntityStatus: jest.fn(() => {
      if (answer === 'pending')
        return new Promise<EntityPlatformStatus>(() => {});
      if (answer instanceof Error) return Promise.reject(answer);
      return Promise.resolve(answer);
    }),
    queryStatus: jest.fn(),
    listEnvironments: jest.fn(),
  } satisfies EksPlatformApi;
  return api;
}

/** Renders a card for an entity in a test app whose status API gives `answer`. */
export function renderCard(
  card: ReactElement,
  answer: EntityPlatformStatus | 'pending' | Error,
  entity: Entity = checkoutEntity,
): RenderResult & { api: ReturnType<typeof mockStatusApi> } {
  const api = mockStatusApi(answer);
  const result = renderInTestApp(
    <EntityProvider entity={entity}>{card}</EntityProvider>,
    {
      apis: [[eksPlatformApiRef, api]],
    },
  );
  return { ...result, api };
}
