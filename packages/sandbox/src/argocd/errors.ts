import http from 'node:http';
import { sendJson } from '../shared/http';

/*
 * Argo CD serves its gRPC services through grpc-gateway, so every error body is
 * `{"error": msg, "code": <grpc code>, "message": msg}` and the HTTP status is
 * grpc-gateway's mapping of the gRPC code.
 */

export const GrpcCode = {
  InvalidArgument: 3,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Internal: 13,
  Unavailable: 14,
  Unauthenticated: 16,
} as const;

const httpStatusByCode: Record<number, number> = {
  3: 400,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  13: 500,
  14: 503,
  16: 401,
};

/** The gRPC code grpc-gateway would have mapped to this HTTP status (used for injected faults). */
export function grpcCodeForHttpStatus(status: number): number {
  if (status === 401) return GrpcCode.Unauthenticated;
  if (status === 403) return GrpcCode.PermissionDenied;
  if (status === 404) return GrpcCode.NotFound;
  if (status === 409) return GrpcCode.AlreadyExists;
  if (status === 429) return GrpcCode.ResourceExhausted;
  if (status === 503 || status === 504) return GrpcCode.Unavailable;
  if (status >= 500) return GrpcCode.Internal;
  return GrpcCode.InvalidArgument;
}

/** An error a handler throws to answer with Argo CD's error body. */
export class ArgoCdError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

export function sendGrpcError(
  res: http.ServerResponse,
  code: number,
  message: string,
  status = httpStatusByCode[code] ?? 500,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: message, code, message }, headers);
}
