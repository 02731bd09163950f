import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { AwsError } from './errors';

/*
 * Verifies AWS Signature Version 4 the way AWS does, so a client that is
 * misconfigured (no credentials, wrong secret, wrong region) fails against the
 * sandbox as it would against AWS.
 */

export interface SigV4Expectations {
  /** Access key id → secret access key. */
  credentials: Map<string, string>;
  region: string;
  service: string;
}

const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** AWS's URI encoding (RFC 3986 unreserved characters stay as they are). */
function awsEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    char => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalQuery(url: URL): string {
  return [...url.searchParams.entries()]
    .map(([key, value]) => [awsEncode(key), awsEncode(value)])
    .sort(([a, av], [b, bv]) => {
      if (a !== b) return a < b ? -1 : 1;
      return av < bv ? -1 : 1;
    })
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function headerValue(req: http.IncomingMessage, name: string): string {
  const value = req.headers[name];
  const joined = Array.isArray(value) ? value.join(',') : value ?? '';
  return joined.trim().replace(/\s+/g, ' ');
}

export function verifySigV4(
  req: http.IncomingMessage,
  url: URL,
  body: Buffer,
  expect: SigV4Expectations,
): void {
  const authorization = req.headers.authorization;
  if (!authorization)
    throw new AwsError(
      'MissingAuthenticationTokenException',
      'Missing Authentication Token',
    );
  const match = authorization.match(
    /^AWS4-HMAC-SHA256\s+Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/,
  );
  if (!match) {
    throw new AwsError(
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${
        authorization.split(' ')[0]
      }`,
    );
  }
  const [, accessKeyId, date, region, service, signedHeaders, signature] =
    match;
  const secret = expect.credentials.get(accessKeyId);
  if (!secret) {
    throw new AwsError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  }
  if (region !== expect.region) {
    throw new AwsError(
      'InvalidSignatureException',
      `Credential should be scoped to a valid region, not '${region}'. `,
    );
  }
  if (service !== expect.service) {
    throw new AwsError(
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${expect.service}'. `,
    );
  }
  const amzDate = headerValue(req, 'x-amz-date');
  const timestamp = Date.parse(
    amzDate.replace(
      /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
      '$1-$2-$3T$4:$5:$6Z',
    ),
  );
  if (!amzDate.startsWith(date) || Number.isNaN(timestamp)) {
    throw new AwsError(
      'InvalidSignatureException',
      'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP',
    );
  }
  if (Math.abs(Date.now() - timestamp) > MAX_CLOCK_SKEW_MS) {
    throw new AwsError(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is now earlier than the allowed clock skew.`,
    );
  }
  const headerNames = signedHeaders.split(';');
  const canonicalHeaders = headerNames
    .map(name => `${name}:${headerValue(req, name)}\n`)
    .join('');
  const payloadHash =
    headerValue(req, 'x-amz-content-sha256') || sha256Hex(body);
  const canonicalRequest = [
    req.method,
    url.pathname
      .split('/')
      .map(segment => awsEncode(awsEncode(decodeURIComponent(segment))))
      .join('/'),
    canonicalQuery(url),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    sha256Hex(canonicalRequest),
  ].join('\n');
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${secret}`, date), region), service),
    'aws4_request',
  );
  const expected = createHmac('sha256', signingKey)
    .update(stringToSign)
    .digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
    throw new AwsError(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
}
