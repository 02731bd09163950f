import { trimObject } from './trim';

describe('trimObject', () => {
  it('drops managedFields, foreign annotations and pod spec details but keeps what the status reads', () => {
    const pod = trimObject('pods', {
      metadata: {
        name: 'p',
        namespace: 'n',
        managedFields: [{ manager: 'kubectl' }],
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{...}',
        },
        labels: { app: 'x' },
      },
      spec: {
        nodeName: 'node-1',
        containers: [
          { name: 'c', image: 'i', env: [{ name: 'SECRET', value: 's' }] },
        ],
        volumes: [{}],
      },
      status: {
        phase: 'Running',
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Initialized', status: 'True' },
        ],
        containerStatuses: [
          {
            name: 'c',
            ready: true,
            restartCount: 2,
            state: { running: {} },
            imageID: 'sha',
          },
        ],
      },
    });
    expect(pod.metadata.managedFields).toBeUndefined();
    expect(pod.metadata.annotations).toEqual({});
    expect(pod.metadata.labels).toEqual({ app: 'x' });
    expect(pod.spec).toEqual({
      nodeName: 'node-1',
      containers: [{ name: 'c', image: 'i' }],
    });
    expect(pod.status.conditions).toEqual([{ type: 'Ready', status: 'True' }]);
    expect(JSON.stringify(pod)).not.toContain('SECRET');
  });

  it('keeps the deployment revision annotation', () => {
    const d = trimObject('deployments', {
      metadata: {
        name: 'd',
        annotations: { 'deployment.kubernetes.io/revision': '4', other: 'x' },
      },
      spec: {
        replicas: 3,
        template: { spec: { containers: [{ name: 'c', image: 'i:1' }] } },
      },
    });
    expect(d.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '4',
    });
    expect(d.spec.template.spec.containers).toEqual([
      { name: 'c', image: 'i:1' },
    ]);
  });
});
