/** Where GitHub's error bodies point; kept so clients that print it stay useful. */
export const DOCS_URL = 'https://docs.github.com/rest';

/** An error GitHub would answer with; becomes `{ message, documentation_url, … }`. */
export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'GitHubApiError';
  }

  body(): Record<string, unknown> {
    return {
      message: this.message,
      ...this.extra,
      documentation_url: DOCS_URL,
    };
  }
}

export const notFound = () => new GitHubApiError(404, 'Not Found');

/** 422 "Validation Failed" with GitHub's `errors` array. */
export function validationFailed(
  errors: Array<Record<string, unknown>>,
): GitHubApiError {
  return new GitHubApiError(422, 'Validation Failed', { errors });
}

/** 422 for a request body that does not match the endpoint's schema. */
export function invalidRequest(detail: string): GitHubApiError {
  return new GitHubApiError(422, `Invalid request.\n\n${detail}`);
}

type Body = Record<string, unknown>;

/** Reads a required string field or fails as GitHub's schema validation does. */
export function requireString(body: Body, field: string): string {
  const value = body[field];
  if (value === undefined || value === null) {
    throw invalidRequest(`"${field}" wasn't supplied.`);
  }
  if (typeof value !== 'string') {
    throw invalidRequest(
      `For '${field}', ${JSON.stringify(value)} is not a string.`,
    );
  }
  return value;
}

export function optionalString(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw invalidRequest(
      `For '${field}', ${JSON.stringify(value)} is not a string.`,
    );
  }
  return value;
}

export function optionalBoolean(
  body: Body,
  field: string,
): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    throw invalidRequest(
      `For '${field}', ${JSON.stringify(value)} is not a boolean.`,
    );
  }
  return value;
}
