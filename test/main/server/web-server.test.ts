// Web mode's edge: the token, the loopback Host check, payload validation and the event socket,
// against the real server and real services on a temp data dir.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebServer, type WebServer } from '../../../src/main/server/web-server';

let home: string;
let server: WebServer;

function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'tb-web-'));
  const rendererDir = join(home, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Trainbench</title>');
  server = await startWebServer({ port: 0, home: join(home, 'data'), rendererDir });
});

afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

const base = (): string => `http://127.0.0.1:${server.port}`;

describe('web server', () => {
  it('listens on loopback and prints a URL carrying the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('refuses requests without the token', async () => {
    const page = await fetch(`${base()}/`);
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('token');
    const api = await fetch(`${base()}/api/invoke/app:info`, { method: 'POST', body: '{}' });
    expect(api.status).toBe(401);
    const wrong = await fetch(`${base()}/api/invoke/app:info`, { method: 'POST', body: '{}', headers: { 'x-trainbench-token': 'f'.repeat(48) } });
    expect(wrong.status).toBe(401);
  });

  it('answers a real API call with the token', async () => {
    const res = await fetch(`${base()}/api/invoke/app:info`, { method: 'POST', body: '{}', headers: { 'x-trainbench-token': server.token } });
    const envelope = (await res.json()) as { ok: boolean; result: { dataDir: string; backends: { backend: string; available: boolean }[] } };
    expect(envelope.ok).toBe(true);
    expect(envelope.result.dataDir).toBe(join(home, 'data'));
    expect(envelope.result.backends.some((b) => b.backend === 'wasm' && b.available)).toBe(true);
  });

  it('sets a cookie from the printed URL so the page and its assets load', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('HttpOnly');
    const asset = await fetch(`${base()}/index.html`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(asset.status).toBe(200);
  });

  it('validates payloads at the edge and names what was wrong', async () => {
    const res = await fetch(`${base()}/api/invoke/runs:get`, { method: 'POST', body: '{"id": 5}', headers: { 'x-trainbench-token': server.token } });
    const envelope = (await res.json()) as { ok: boolean; error: { name: string; message: string } };
    expect(envelope.ok).toBe(false);
    expect(envelope.error.name).toBe('ValidationError');
    expect(envelope.error.message).toContain('id');
    const unknown = await fetch(`${base()}/api/invoke/nope:nothing`, { method: 'POST', body: '{}', headers: { 'x-trainbench-token': server.token } });
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain("Unknown API channel 'nope:nothing'");
  });

  it('carries typed errors across as {name, message}', async () => {
    const res = await fetch(`${base()}/api/invoke/runs:get`, { method: 'POST', body: '{"id": "no-such-run"}', headers: { 'x-trainbench-token': server.token } });
    const envelope = (await res.json()) as { ok: boolean; error: { name: string; message: string } };
    expect(envelope.error.name).toBe('RunNotFoundError');
    expect(envelope.error.message).toContain('no-such-run');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await rawGet(server.port, `/?token=${server.token}`, { host: 'evil.example:80' });
    expect(res.status).toBe(403);
  });

  it('opens the event socket only with the token', async () => {
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`);
      ws.on('error', (e) => resolve(e.message));
      ws.on('open', () => resolve('open'));
    });
    expect(refused).toContain('401');
    const opened = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`);
      ws.on('error', (e) => resolve(e.message));
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
    });
    expect(opened).toBe('open');
  });

  it('pushes events to connected sockets', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`);
    await new Promise((r) => ws.on('open', r));
    const received = new Promise<{ event: string; payload: { runIds: string[] } }>((resolve) => ws.on('message', (m: Buffer) => resolve(JSON.parse(m.toString()) as { event: string; payload: { runIds: string[] } })));
    server.services.events.emit('runs:changed', { runIds: ['r1'], reason: 'updated' });
    const message = await received;
    expect(message.event).toBe('runs:changed');
    expect(message.payload.runIds).toEqual(['r1']);
    ws.close();
  });
});
