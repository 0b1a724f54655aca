// Electron's main process, kept thin: one window, the API router behind one IPC channel, and
// the event bus forwarded to the window. Everything else is the same Node side web mode uses.
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { join } from 'node:path';
import { createApiRouter } from '../src/main/api/api-router';
import { createServices, type Services } from '../src/main/app/services';
import { resolveDataPaths } from '../src/main/paths/data-paths';
import { setTrainingWorkerResolver } from '../src/main/training/worker-entry';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from './ipc-channels';

let services: Services | undefined;

// The bundle emits the training worker beside this file (electron.vite.config.ts inputs).
setTrainingWorkerResolver(() => ({ file: join(import.meta.dirname, 'training-worker.js'), execArgv: [] }));

async function createWindow(): Promise<void> {
  services = await createServices(resolveDataPaths(), 'electron');
  const dispatch = createApiRouter(services.handlers);
  ipcMain.handle(IPC_INVOKE_CHANNEL, (_event, channel: unknown, payload: unknown) => dispatch(String(channel), payload));

  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'Trainbench',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  const unsubscribe = services.events.subscribe((event, payload) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event, payload);
  });
  win.on('closed', unsubscribe);
  win.once('ready-to-show', () => win.show());
  // Links to the outside world open in the user's browser, never inside the workbench.
  win.webContents.setWindowOpenHandler(({ url }) => {
    void shell.openExternal(url);
    return { action: 'deny' };
  });
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) await win.loadURL(devUrl);
  else await win.loadFile(join(import.meta.dirname, '../renderer/index.html'));
}

app.whenReady().then(createWindow).catch((error: unknown) => {
  console.error('Trainbench could not start:', error);
  app.exit(1);
});

app.on('window-all-closed', () => {
  void services?.close().finally(() => app.quit());
});
