/**
 * Istio CRDs (security.istio.io/v1, networking.istio.io/v1) as strict types
 * for the fields this chart may set: an unknown or misspelt field fails
 * `tsc` as it does for the built-in kinds. Source: the CRD schemas of
 * istio.io/api v1.32.0 (tools/upstreams pins the same release for the
 * admission check).
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1';

type MtlsMode = 'UNSET' | 'DISABLE' | 'PERMISSIVE' | 'STRICT';
interface WorkloadSelector {
  matchLabels?: Record<string, string>;
}

export interface PeerAuthentication {
  apiVersion: 'security.istio.io/v1';
  kind: 'PeerAuthentication';
  metadata: ObjectMeta;
  spec: {
    selector?: WorkloadSelector;
    mtls?: { mode?: MtlsMode };
    portLevelMtls?: Record<string, { mode?: MtlsMode }>;
  };
}

export interface AuthorizationPolicy {
  apiVersion: 'security.istio.io/v1';
  kind: 'AuthorizationPolicy';
  metadata: ObjectMeta;
  spec: {
    selector?: WorkloadSelector;
    action?: 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';
    rules?: Array<{
      from?: Array<{
        source: {
          principals?: string[];
          notPrincipals?: string[];
          namespaces?: string[];
          notNamespaces?: string[];
          ipBlocks?: string[];
          notIpBlocks?: string[];
          serviceAccounts?: string[];
        };
      }>;
      to?: Array<{
        operation: {
          ports?: string[];
          notPorts?: string[];
          methods?: string[];
          notMethods?: string[];
          paths?: string[];
          notPaths?: string[];
          hosts?: string[];
          notHosts?: string[];
        };
      }>;
      when?: Array<{ key: string; values?: string[]; notValues?: string[] }>;
    }>;
  };
}

interface TrafficPolicy {
  tls?: {
    mode?: 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';
    sni?: string;
    subjectAltNames?: string[];
  };
  connectionPool?: {
    tcp?: {
      maxConnections?: number;
      connectTimeout?: string;
      idleTimeout?: string;
      maxConnectionDuration?: string;
    };
    http?: {
      http1MaxPendingRequests?: number;
      http2MaxRequests?: number;
      maxRequestsPerConnection?: number;
      maxRetries?: number;
      idleTimeout?: string;
      maxConcurrentStreams?: number;
      useClientProtocol?: boolean;
    };
  };
  outlierDetection?: {
    consecutive5xxErrors?: number;
    consecutiveGatewayErrors?: number;
    interval?: string;
    baseEjectionTime?: string;
    maxEjectionPercent?: number;
    minHealthPercent?: number;
  };
  loadBalancer?: {
    simple?:
      | 'UNSPECIFIED'
      | 'LEAST_CONN'
      | 'RANDOM'
      | 'PASSTHROUGH'
      | 'ROUND_ROBIN'
      | 'LEAST_REQUEST';
  };
}

export interface DestinationRule {
  apiVersion: 'networking.istio.io/v1';
  kind: 'DestinationRule';
  metadata: ObjectMeta;
  spec: {
    host: string;
    trafficPolicy?: TrafficPolicy;
    subsets?: Array<{
      name: string;
      labels?: Record<string, string>;
      trafficPolicy?: TrafficPolicy;
    }>;
    exportTo?: string[];
  };
}

interface Destination {
  host: string;
  subset?: string;
  port?: { number?: number };
}

export interface VirtualService {
  apiVersion: 'networking.istio.io/v1';
  kind: 'VirtualService';
  metadata: ObjectMeta;
  spec: {
    hosts?: string[];
    gateways?: string[];
    exportTo?: string[];
    http?: Array<{
      name?: string;
      match?: Array<{
        uri?: { exact?: string; prefix?: string; regex?: string };
        gateways?: string[];
        port?: number;
      }>;
      route?: Array<{ destination: Destination; weight?: number }>;
      timeout?: string;
      retries?: { attempts?: number; perTryTimeout?: string; retryOn?: string };
    }>;
  };
}
