import { groupVersions, RESOURCES, verbsOf } from './resources';
import { apiVersionOf, ResourceDefinition } from './types';

/** What an EKS 1.31 control plane answers on /version (EKS reports the minor with a '+'). */
export const VERSION_INFO = {
  major: '1',
  minor: '31+',
  gitVersion: 'v1.31.4-eks-2d5f260',
  gitCommit: '2d5f260c4b5e4b2a1e5d1a3f2b6f1c8e8f9d0a1b',
  gitTreeState: 'clean',
  buildDate: '2025-01-13T18:54:03Z',
  goVersion: 'go1.22.10',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function apiResource(resource: ResourceDefinition) {
  const entry: Record<string, unknown> = {
    name: resource.plural,
    singularName: resource.singular,
    namespaced: resource.namespaced,
    kind: resource.kind,
    verbs: verbsOf(resource),
  };
  if (resource.shortNames) entry.shortNames = resource.shortNames;
  if (resource.categories) entry.categories = resource.categories;
  return entry;
}

function statusSubresource(resource: ResourceDefinition) {
  return {
    name: `${resource.plural}/status`,
    singularName: '',
    namespaced: resource.namespaced,
    kind: resource.kind,
    verbs: ['get', 'patch', 'update'],
  };
}

export function apiResourceList(group: string, version: string) {
  const resources = RESOURCES.filter(
    r => r.group === group && r.version === version,
  ).flatMap(r =>
    r.readOnly ? [apiResource(r)] : [apiResource(r), statusSubresource(r)],
  );
  const groupVersion = group ? `${group}/${version}` : version;
  // The real core /api/v1 answer has no apiVersion; group versions carry "v1".
  return group
    ? { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources }
    : { kind: 'APIResourceList', groupVersion, resources };
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroup(name: string) {
  const versions = groupVersions()
    .filter(gv => gv.group === name)
    .map(gv => ({ groupVersion: apiVersionOf(gv), version: gv.version }));
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name,
    versions,
    preferredVersion: versions[0],
  };
}

export function apiGroupList() {
  const names = [
    ...new Set(
      groupVersions()
        .map(gv => gv.group)
        .filter(Boolean),
    ),
  ];
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: names.map(name => {
      const { kind, apiVersion, ...group } = apiGroup(name);
      return group;
    }),
  };
}
