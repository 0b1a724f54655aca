// Web mode: the same renderer and Node side over HTTP + WebSocket on loopback, guarded by a
// per-launch token. Also how a person watches a headless GPU box through an SSH tunnel.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { createApiRouter } from '../api/api-router';
import { createServices, type Services } from '../app/services';
import { resolveDataPaths } from '../paths/data-paths';
import { rendererIsBuilt, serveStatic } from './static-files';
import { createToken, isAllowedHost, isAuthorized, TOKEN_COOKIE } from './token-auth';

export interface WebServerOptions {
  port?: number;
  /** Data dir (TRAINBENCH_HOME); ignored when services are given. */
  home?: string;
  rendererDir: string;
  services?: Services;
  token?: string;
}

export interface WebServer {
  url: string;
  token: string;
  port: number;
  services: Services;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error(`request body over ${MAX_BODY} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(message);
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const services = options.services ?? (await createServices(resolveDataPaths(options.home), 'web'));
  const ownsServices = options.services === undefined;
  const token = options.token ?? createToken();
  const dispatch = createApiRouter(services.handlers);
  let port = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { name: 'Error', message: String(error) } });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!isAllowedHost(req, port)) {
      refuse(res, 403, 'Trainbench answers only on its loopback address (127.0.0.1 or localhost).');
      return;
    }
    if (!isAuthorized(req, url, token)) {
      refuse(
        res,
        401,
        'Trainbench needs the token printed when it started: open the full URL it printed (http://127.0.0.1:<port>/?token=...).',
      );
      return;
    }
    if (url.pathname.startsWith('/api/invoke/') && req.method === 'POST') {
      const channel = decodeURIComponent(url.pathname.slice('/api/invoke/'.length));
      const body = await readBody(req);
      let payload: unknown = {};
      try {
        payload = body ? JSON.parse(body) : {};
      } catch {
        sendJson(res, 400, { ok: false, error: { name: 'ValidationError', message: 'The request body is not valid JSON.' } });
        return;
      }
      sendJson(res, 200, await dispatch(channel, payload));
      return;
    }
    if (url.pathname === '/api/download' && req.method === 'GET') {
      serveDownload(url.searchParams.get('path') ?? '', res);
      return;
    }
    if (url.searchParams.get('token') === token) {
      res.setHeader('set-cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (!rendererIsBuilt(options.rendererDir)) {
      refuse(res, 503, `The renderer is not built (${options.rendererDir} has no index.html): run \`npm run build:renderer\`.`);
      return;
    }
    if (!serveStatic(options.rendererDir, url.pathname, res)) refuse(res, 404, 'Not found.');
  }

  // Downloads are limited to files inside the data dir (exports, artifacts).
  function serveDownload(path: string, res: ServerResponse): void {
    const home = resolve(services.paths.home);
    const file = resolve(path);
    if (!file.startsWith(home + sep) || !existsSync(file) || !statSync(file).isFile()) {
      refuse(res, 404, `No such file under the data dir: ${path}`);
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${basename(file).replace(/"/g, '')}"`,
    });
    createReadStream(file).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== '/api/events' || !isAllowedHost(req, port) || !isAuthorized(req, url, token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const unsubscribe = services.events.subscribe((event, payload) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
      });
      ws.on('close', () => {
        unsubscribe();
        sockets.delete(ws);
      });
    });
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    services,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      if (ownsServices) await services.close();
    },
  };
}
