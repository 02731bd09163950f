import { ReactElement } from 'react';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { RenderResult } from '@testing-library/react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityPlatformStatus,
  ScorecardRulesResponse,
  ServiceScorecard,
} from '@internal/backstage-plugin-eks-platform-common';
import { EksPlatformApi, eksPlatformApiRef } from '../api';
import { checkoutEntity } from './fixtures';

/**
 * The scorecard methods of an API fake whose test does not read them: they
 * never answer, so a scorecard component on the page stays loading.
 */
export function unusedScorecardApi() {
  const unused = () => new Promise<never>(() => {});
  return {
    getScorecard: jest.fn(unused),
    queryScorecards: jest.fn(unused),
    getScorecardRollups: jest.fn(unused),
    listScorecardRules: jest.fn(unused),
    getTemplateUpgrade: jest.fn(unused),
    previewTemplateUpgrade: jest.fn(unused),
    openTemplateUpgradePullRequest: jest.fn(unused),
    queryUpgradePullRequests: jest.fn(unused),
  };
}

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
    checkServiceName: jest.fn(),
    ...unusedScorecardApi(),
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

type Answer<T> = T | 'pending' | Error;

type ScorecardApiFake = Omit<
  ReturnType<typeof mockStatusApi>,
  'getScorecard' | 'listScorecardRules'
> & {
  getScorecard: jest.Mock<Promise<ServiceScorecard>, []>;
  listScorecardRules: jest.Mock<Promise<ScorecardRulesResponse>, []>;
};

function answering<T>(answer: Answer<T>) {
  return jest.fn((): Promise<T> => {
    if (answer === 'pending') return new Promise<T>(() => {});
    if (answer instanceof Error) return Promise.reject(answer);
    return Promise.resolve(answer);
  });
}

/**
 * Renders a scorecard component for an entity in a test app whose API
 * gives `scorecard` and `rules`, and `status` for the status reads (the
 * pending state).
 */
export function renderScorecardCard(
  card: ReactElement,
  answers: {
    scorecard: Answer<ServiceScorecard>;
    rules?: Answer<ScorecardRulesResponse>;
    status?: Answer<EntityPlatformStatus>;
  },
  entity: Entity = checkoutEntity,
): RenderResult & { api: ScorecardApiFake } {
  const api: ScorecardApiFake = {
    ...mockStatusApi(answers.status ?? 'pending'),
    getScorecard: answering(answers.scorecard),
    listScorecardRules: answering(answers.rules ?? { items: [] }),
  } satisfies EksPlatformApi;
  const result = renderInTestApp(
    <EntityProvider entity={entity}>{card}</EntityProvider>,
    { apis: [[eksPlatformApiRef, api]] },
  );
  return { ...result, api };
}
