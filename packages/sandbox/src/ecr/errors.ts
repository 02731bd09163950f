/*
 * Errors in the AWS JSON 1.1 protocol: HTTP status plus a body with `__type`
 * (the modelled exception name the SDK turns into an exception class) and
 * `message`.
 */
export class AwsError extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

/** The exception AWS returns for an injected HTTP status. */
export function awsErrorForStatus(status: number, message?: string): AwsError {
  if (status === 429)
    return new AwsError('ThrottlingException', message ?? 'Rate exceeded', 429);
  if (status === 503) {
    return new AwsError(
      'ServiceUnavailableException',
      message ?? 'Service Unavailable',
      503,
    );
  }
  if (status >= 500) {
    return new AwsError(
      'ServerException',
      message ?? 'Internal server error',
      status,
    );
  }
  if (status === 403)
    return new AwsError(
      'AccessDeniedException',
      message ?? 'Access denied',
      403,
    );
  return new AwsError(
    'InvalidParameterException',
    message ?? 'Invalid parameter',
    status,
  );
}
