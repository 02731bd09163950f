import http from 'node:http';

/**
 * `token X`, `Bearer X`, or Basic with the token as password (what git
 * clients and isomorphic-git send, with any username), as GitHub accepts.
 */
export function isAuthorized(
  req: http.IncomingMessage,
  token: string,
): boolean {
  const header = req.headers.authorization ?? '';
  const [scheme, value = ''] = header.split(/\s+/, 2);
  switch (scheme.toLowerCase()) {
    case 'token':
    case 'bearer':
      return value === token;
    case 'basic': {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      return decoded.slice(decoded.indexOf(':') + 1) === token;
    }
    default:
      return false;
  }
}
