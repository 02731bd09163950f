import path from 'node:path';
import { generatedTrees } from '../scaffolder/generatedTrees';
import { inputSets } from '../scaffolder/inputSets';

/*
 * The generated repository's README and docs: every relative link lands on a
 * generated file, and the pages state what this service was generated with.
 */

jest.setTimeout(120_000);

function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
    .map(m => m[1])
    .filter(target => !/^[a-z]+:/.test(target));
}

describe.each(Object.keys(inputSets))(
  'generated docs of input set %s',
  name => {
    const values = inputSets[name];
    let files: Record<string, string>;
    beforeAll(async () => {
      files = (await generatedTrees())[name];
    });

    it('link only to files that exist in the repository, and the TechDocs nav lists every page', () => {
      const pages = Object.keys(files).filter(
        f => f === 'README.md' || f.startsWith('docs/'),
      );
      const broken = pages.flatMap(page =>
        relativeLinks(files[page])
          .map(target =>
            path.posix.normalize(
              path.posix.join(path.posix.dirname(page), target),
            ),
          )
          .filter(target => !(target in files))
          .map(target => `${page} → ${target}`),
      );
      expect(broken).toEqual([]);
      const nav = [...files['mkdocs.yml'].matchAll(/: (\S+\.md)$/gm)].map(
        m => `docs/${m[1]}`,
      );
      expect(nav.sort()).toEqual(
        pages.filter(p => p.startsWith('docs/')).sort(),
      );
    });

    it('say what the service was generated with: environments, roles, secrets and messaging', () => {
      const infrastructure = files['docs/infrastructure.md'];
      for (const environment of values.environments as string[]) {
        expect(infrastructure).toContain(
          `| \`${environment}\` | \`${values.awsAccountId}\` | \`${values.awsRegion}\` | \`${environment}\` | \`${values.namespace}\` |`,
        );
      }
      expect(infrastructure).toContain(`role \`${values.name}-ci\``);
      expect(infrastructure).toContain(
        `system:serviceaccount:${values.namespace}:${values.name}`,
      );
      const messaging = files['docs/messaging.md'];
      const produces = (values.kafkaProduceTopics as string[]) ?? [];
      const consumes = (values.kafkaConsumeTopics as string[]) ?? [];
      expect({
        kafka: messaging.includes('Kafka on Amazon MSK, cluster'),
        topics: /topics: \[(.*)\]/.exec(messaging)?.[1],
        group: /consumerGroup: "(.*)"/.exec(messaging)?.[1],
      }).toEqual(
        values.messaging === 'kafka'
          ? {
              kafka: true,
              topics: [...produces, ...consumes].join(', '),
              group: consumes.length ? values.name : '',
            }
          : { kafka: false, topics: undefined, group: undefined },
      );
      const secrets = files['docs/secrets.md'];
      for (const secret of (values.vaultSecrets as string[]) ?? []) {
        expect(secrets).toContain(
          `| \`secret/data/${secret}\` | \`/vault/secrets/${secret.replace(
            /\//g,
            '-',
          )}\` |`,
        );
      }
      expect(secrets.includes(`role \`${values.vaultDatabaseRole}\``)).toBe(
        Boolean(values.vaultDatabaseRole),
      );
    });
  },
);
