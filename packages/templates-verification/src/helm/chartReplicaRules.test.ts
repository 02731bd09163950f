import {
  pdbMaxUnavailable,
  replicaProblems,
} from '@internal/backstage-plugin-eks-platform-common';
import { generatedTrees } from '../scaffolder/generatedTrees';
import { materialise, renderGeneratedChart } from './chartRenders';

/*
 * One source of truth for the replica rules: the form's fields and
 * eks:platform:resolve use replicaProblems; the real `helm template` of the
 * generated chart must agree with every verdict it gives. Accepted
 * settings render a PodDisruptionBudget that lets a drain move at least one
 * pod and never all of them; refused ones are exactly those for which the
 * chart would get maxUnavailable of 0 or less (a budget that blocks every
 * node drain).
 */
jest.setTimeout(300_000);

let repo: string;
beforeAll(async () => {
  repo = materialise((await generatedTrees()).minimal, 'replica-rules');
});

const cases: Array<{ replicas: number; pdbMinAvailable: number }> = [];
for (let replicas = 2; replicas <= 5; replicas++) {
  for (let pdbMinAvailable = 1; pdbMinAvailable <= 4; pdbMinAvailable++) {
    cases.push({ replicas, pdbMinAvailable });
  }
}

describe('the replica rules and the real chart', () => {
  it.each(cases.filter(c => c.pdbMinAvailable < c.replicas))(
    'accepted: $replicas replicas with minAvailable $pdbMinAvailable render a PDB that drains one pod at a time or more',
    ({ replicas, pdbMinAvailable }) => {
      const settings = { autoscaling: false, replicas, pdbMinAvailable };
      expect(replicaProblems(settings)).toEqual([]);
      const maxUnavailable = pdbMaxUnavailable(settings)!;
      const render = renderGeneratedChart(repo, 'prod', {
        namespace: 'payments',
        values: {
          replicaCount: replicas,
          autoscaling: { enabled: false },
          podDisruptionBudget: { maxUnavailable },
        },
      });
      expect(render.stderr ?? '').toBe('');
      expect(render.ok).toBe(true);
      const pdb = render.documents.find(
        d => d.kind === 'PodDisruptionBudget',
      ) as any;
      expect(pdb.spec.maxUnavailable).toBe(maxUnavailable);
      expect(pdb.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
      expect(pdb.spec.maxUnavailable).toBeLessThan(replicas);
    },
  );

  it('refuses exactly the settings that would leave the chart a budget blocking every drain', () => {
    for (const c of cases) {
      const settings = { autoscaling: false, ...c };
      const refused = replicaProblems(settings).length > 0;
      expect({ ...c, refused }).toEqual({
        ...c,
        refused: pdbMaxUnavailable(settings)! <= 0,
      });
    }
  });
});
