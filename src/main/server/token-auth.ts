// Web mode's guard: one random token per launch, accepted from the x-trainbench-token header,
// a ?token= query (the printed URL) or the cookie the first page load sets; and a Host check so
// another site cannot reach the loopback server through DNS rebinding.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'trainbench_token';

export function createToken(): string {
  return randomBytes(24).toString('hex');
}

function sameToken(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === TOKEN_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** The token the request presents, from header, query or cookie, or undefined. */
export function presentedToken(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers['x-trainbench-token'];
  if (typeof header === 'string' && header) return header;
  const query = url.searchParams.get('token');
  if (query) return query;
  return cookieToken(req);
}

export function isAuthorized(req: IncomingMessage, url: URL, token: string): boolean {
  const presented = presentedToken(req, url);
  return presented !== undefined && sameToken(presented, token);
}

/** Loopback Host headers only: 127.0.0.1, localhost or [::1], on our port. */
export function isAllowedHost(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  if (!host) return false;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
}
