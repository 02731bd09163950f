import { compileFieldSelector, parseFieldSelector } from './fieldSelector';
import { findByKind } from './resources';
import { pod } from './__testUtils__/fixtures';

const pods = findByKind('v1', 'Pod')!;
const configMaps = findByKind('v1', 'ConfigMap')!;

describe('field selectors', () => {
  const running = pod('payments', 'a', { node: 'node-a' });
  const select = (selector: string) =>
    compileFieldSelector(pods, parseFieldSelector(selector))(running);

  it('supports the pod fields of the real server', () => {
    expect(select('')).toBe(true);
    expect(select('metadata.name=a')).toBe(true);
    expect(select('metadata.namespace==payments,spec.nodeName=node-a')).toBe(
      true,
    );
    expect(select('status.phase!=Running')).toBe(false);
    expect(select('spec.hostNetwork=false')).toBe(true);
  });

  it('selects events by involved object, as the pod drawer asks', () => {
    const events = findByKind('v1', 'Event')!;
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'a.1', namespace: 'payments' },
      involvedObject: { kind: 'Pod', name: 'payments-api-1' },
      source: { component: 'kubelet' },
      type: 'Warning',
    };
    const selectEvent = (selector: string) =>
      compileFieldSelector(events, parseFieldSelector(selector))(event);
    expect(
      selectEvent(
        'involvedObject.name=payments-api-1,type=Warning,source=kubelet',
      ),
    ).toBe(true);
    expect(selectEvent('involvedObject.name=other')).toBe(false);
  });

  it('rejects labels the resource does not support, with the apiserver message', () => {
    expect(() =>
      compileFieldSelector(configMaps, parseFieldSelector('spec.nodeName=x')),
    ).toThrow('field label not supported: spec.nodeName');
    expect(() => parseFieldSelector('metadata.name')).toThrow(
      "invalid selector: 'metadata.name'",
    );
  });
});
