import http from 'node:http';
import { CoreV1Api } from '@kubernetes/client-node';
import { ClusterState } from './clusterState';
import { KubernetesApiServer, startKubernetesApiServer } from './server';
import { clientsFor } from './__testUtils__/kubeClient';
import { namespace, pod } from './__testUtils__/fixtures';
import { waitFor } from './__testUtils__/waitFor';

describe('pod logs', () => {
  let server: KubernetesApiServer;
  let state: ClusterState;
  let core: CoreV1Api;

  beforeEach(async () => {
    state = new ClusterState();
    state.apply(namespace('payments'));
    state.apply(pod('payments', 'api-1', { app: 'payments-api' }));
    const sidecar = pod('payments', 'api-2', { app: 'payments-api' });
    (sidecar.spec as any).containers.push({ name: 'envoy', image: 'envoy:1' });
    state.apply(sidecar);
    server = await startKubernetesApiServer({ name: 'dev', state });
    core = clientsFor(server).core;
  });
  afterEach(() => server.close());

  it('serves what the workload wrote, with tailLines, timestamps and the previous instance', async () => {
    state.logs.append(
      'payments',
      'api-1',
      'app',
      'starting',
      new Date('2026-11-22T02:00:00.000Z'),
    );
    state.logs.append('payments', 'api-1', 'app', 'panic: out of memory');
    state.logs.restart('payments', 'api-1', 'app');
    state.logs.append('payments', 'api-1', 'app', 'starting again');
    state.logs.append('payments', 'api-1', 'app', 'listening on :8080');

    expect(
      await core.readNamespacedPodLog({ namespace: 'payments', name: 'api-1' }),
    ).toBe('starting again\nlistening on :8080\n');
    expect(
      await core.readNamespacedPodLog({
        namespace: 'payments',
        name: 'api-1',
        tailLines: 1,
      }),
    ).toBe('listening on :8080\n');
    const previous = await core.readNamespacedPodLog({
      namespace: 'payments',
      name: 'api-1',
      previous: true,
      timestamps: true,
    });
    expect(previous.split('\n')[0]).toBe(
      '2026-11-22T02:00:00.000000000Z starting',
    );
    expect(previous).toContain('panic: out of memory');
  });

  it('answers like the kubelet for ambiguous or unknown containers', async () => {
    const headers = { Authorization: 'Bearer sandbox-kube-token' };
    const ambiguous = await fetch(
      `${server.url}/api/v1/namespaces/payments/pods/api-2/log`,
      { headers },
    );
    expect(ambiguous.status).toBe(400);
    expect((await ambiguous.json()).message).toBe(
      'a container name must be specified for pod api-2, choose one of: [app envoy]',
    );
    const unknown = await fetch(
      `${server.url}/api/v1/namespaces/payments/pods/api-1/log?container=nope`,
      { headers },
    );
    expect((await unknown.json()).message).toBe(
      'container nope is not valid for pod api-1',
    );
    const noPrevious = await fetch(
      `${server.url}/api/v1/namespaces/payments/pods/api-1/log?previous=true`,
      { headers },
    );
    expect((await noPrevious.json()).message).toBe(
      'previous terminated container "app" in pod "api-1" not found',
    );
  });

  it('follows new lines until the pod is deleted', async () => {
    state.logs.append('payments', 'api-1', 'app', 'first');
    let received = '';
    let ended = false;
    const request = http.get(
      `${server.url}/api/v1/namespaces/payments/pods/api-1/log?follow=true`,
      { headers: { Authorization: 'Bearer sandbox-kube-token' } },
      response => {
        response.setEncoding('utf8');
        response.on('data', chunk => {
          received += chunk;
        });
        response.on('end', () => {
          ended = true;
        });
      },
    );
    await waitFor(() => received === 'first\n', 3000, 'existing lines');
    state.logs.append('payments', 'api-1', 'app', 'second');
    await waitFor(
      () => received === 'first\nsecond\n',
      3000,
      'a followed line',
    );
    state.remove('v1', 'Pod', 'payments', 'api-1');
    await waitFor(() => ended, 3000, 'the end of the stream');
    expect(received).toBe('first\nsecond\n');
    expect(state.logs.read('payments', 'api-1', 'app')).toEqual([]);
    request.destroy();
  });
});
