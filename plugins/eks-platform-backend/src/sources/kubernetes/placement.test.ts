import { PodSummary } from '@internal/backstage-plugin-eks-platform-common';
import { computePlacement } from './placement';

const pod = (
  name: string,
  node: string,
  zone: string,
  ready = true,
): PodSummary => ({
  namespace: 'n',
  name,
  phase: 'Running',
  ready,
  restarts: 0,
  node,
  zone,
});
const zones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

describe('computePlacement', () => {
  it('holds when ready pods are on distinct nodes across zones', () => {
    const p = computePlacement(
      [
        pod('a', 'n1', zones[0]),
        pod('b', 'n2', zones[1]),
        pod('c', 'n3', zones[2]),
      ],
      zones,
    );
    expect(p.spreadHolds).toBe(true);
    expect(p.podsPerZone).toEqual({
      'eu-west-1a': 1,
      'eu-west-1b': 1,
      'eu-west-1c': 1,
    });
    expect(p.problems).toEqual([]);
  });

  it('reports pods sharing a node and a zone', () => {
    const p = computePlacement(
      [
        pod('a', 'n1', zones[0]),
        pod('b', 'n1', zones[0]),
        pod('c', 'n2', zones[0]),
      ],
      zones,
    );
    expect(p.spreadHolds).toBe(false);
    expect(p.podsPerNode).toEqual({ n1: 2, n2: 1 });
    expect(p.problems[0]).toBe('2 of 3 ready pods on node n1');
    expect(p.problems[1]).toMatch(/span 1 of 3 zones \(3 in eu-west-1a\)/);
  });

  it('ignores pods that are not ready', () => {
    const p = computePlacement(
      [
        pod('a', 'n1', zones[0]),
        pod('b', 'n1', zones[0], false),
        pod('c', 'n2', zones[1]),
      ],
      zones,
    );
    expect(p.spreadHolds).toBe(true);
  });

  it('never holds with no ready pod', () => {
    expect(computePlacement([], zones).spreadHolds).toBe(false);
  });
});
