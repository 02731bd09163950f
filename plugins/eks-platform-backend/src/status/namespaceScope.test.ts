import { ConfigReader } from '@backstage/config';
import {
  readEnvironments,
  readTenancyConfig,
} from '@internal/backstage-plugin-eks-platform-node';
import {
  namespaceScope,
  NamespacePolicy,
  ScopedEntity,
} from './namespaceScope';

function policy(eksPlatform: object = {}): NamespacePolicy {
  const config = new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [{ name: 'dev' }, { name: 'prod' }, { name: 'ops' }],
        },
      ],
    },
    eksPlatform: {
      argocd: {
        instances: [{ name: 'main', url: 'https://argocd', token: 't' }],
      },
      ecr: { accountId: '123456789012', region: 'eu-west-1' },
      ...eksPlatform,
    },
  });
  return {
    tenancy: readTenancyConfig(config),
    environments: readEnvironments(config),
  };
}

const ENVIRONMENTS = [
  {
    name: 'dev',
    cluster: 'dev',
    argocd: { instance: 'main', destinationName: 'dev' },
    namespacePattern: '{team}-{env}',
  },
  {
    name: 'prod',
    cluster: 'prod',
    argocd: { instance: 'main', destinationName: 'prod' },
    namespacePattern: '{team}',
  },
];

const entity = (over: Partial<ScopedEntity> = {}): ScopedEntity => ({
  entityRef: 'component:default/checkout',
  ownerGroup: 'group:default/payments',
  service: 'checkout',
  ...over,
});

describe('namespaceScope', () => {
  it('defaults to the owning team namespaces, per cluster, from the environments', () => {
    const scope = namespaceScope(
      policy({ environments: ENVIRONMENTS }),
      entity(),
    );
    expect(scope('dev')).toEqual({ namespaces: ['payments-dev'] });
    expect(scope('prod')).toEqual({ namespaces: ['payments'] });
    // A cluster no environment names: config does not know the team there.
    expect(scope('ops')).toEqual({
      refused: expect.stringContaining(
        'component:default/checkout declares no namespace, and platform config gives group:default/payments none on cluster ops',
      ),
    });
  });

  it('uses the team namespaces of eksPlatform.tenancy.teams on every cluster', () => {
    const scope = namespaceScope(
      policy({
        environments: ENVIRONMENTS,
        tenancy: {
          teams: [
            {
              group: 'group:default/payments',
              namespaces: ['pay', 'pay-jobs'],
            },
          ],
        },
      }),
      entity(),
    );
    expect(scope('dev')).toEqual({ namespaces: ['pay', 'pay-jobs'] });
    expect(scope('ops')).toEqual({ namespaces: ['pay', 'pay-jobs'] });
    expect(
      namespaceScope(
        policy({
          tenancy: {
            teams: [
              {
                group: 'group:default/payments',
                namespaces: ['pay', 'pay-jobs'],
              },
            ],
          },
        }),
        entity({ declared: ['pay-jobs'] }),
      )('dev'),
    ).toEqual({ namespaces: ['pay-jobs'] });
  });

  it("refuses a declared namespace that is not the owning team's", () => {
    const scope = namespaceScope(
      policy({ environments: ENVIRONMENTS }),
      entity({ declared: ['payments', 'identity'] }),
    );
    expect(scope('prod')).toEqual({
      refused:
        'namespace "identity" (backstage.io/kubernetes-namespace) is not a namespace of group:default/payments on cluster prod; its namespaces there: payments. Fix the annotation, or configure the team\'s namespaces (eksPlatform.tenancy.teams[].namespaces or eksPlatform.environments[].namespacePattern).',
    });
    expect(scope('dev')).toHaveProperty('refused');
  });

  it('trusts a declared namespace where config knows no team, but never a system or platform one', () => {
    const open = policy({ tenancy: { reservedNamespaces: ['monitoring'] } });
    expect(namespaceScope(open, entity({ declared: ['shop'] }))('dev')).toEqual(
      {
        namespaces: ['shop'],
      },
    );
    for (const reserved of [
      'kube-system',
      'kube-public',
      'default',
      'monitoring',
    ]) {
      expect(
        namespaceScope(open, entity({ declared: [reserved] }))('dev'),
      ).toEqual({
        refused: expect.stringContaining(
          `namespace "${reserved}" (backstage.io/kubernetes-namespace) is a system or platform namespace`,
        ),
      });
    }
    // Unless config gives it to the team explicitly.
    expect(
      namespaceScope(
        policy({
          tenancy: {
            reservedNamespaces: ['monitoring'],
            teams: [
              { group: 'group:default/payments', namespaces: ['monitoring'] },
            ],
          },
        }),
        entity({ declared: ['monitoring'] }),
      )('dev'),
    ).toEqual({ namespaces: ['monitoring'] });
  });

  it('needs a namespace when the owner is not a group config knows', () => {
    const scope = namespaceScope(
      policy({ environments: ENVIRONMENTS }),
      entity({ ownerGroup: undefined }),
    );
    expect(scope('prod')).toEqual({
      refused: expect.stringMatching(
        /declares no namespace, and platform config gives its owner none on cluster prod.*Add the backstage\.io\/kubernetes-namespace annotation/,
      ),
    });
  });

  it('fills {service} of a pattern with the service', () => {
    const scope = namespaceScope(
      policy({
        environments: [
          { ...ENVIRONMENTS[1], namespacePattern: '{team}-{service}' },
        ],
      }),
      entity(),
    );
    expect(scope('prod')).toEqual({ namespaces: ['payments-checkout'] });
  });
});
