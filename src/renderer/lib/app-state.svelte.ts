// State that outlives a view: what the Node side runs on, the built-in datasets, the connection,
// and the live runs this page is watching (training events are routed here once, for every view).
import type { AppInfo } from '../../shared/api/channels/app-channels';
import type { BuiltinDataset } from '../../shared/api/channels/datasets-channels';
import type { TrainingEvent } from '../../shared/training/training-events';
import { errorMessage, invoke, onConnection, onEvent, type ConnectionState } from './api-client';
import { LiveRun } from './live-run.svelte';

class AppState {
  info = $state<AppInfo | null>(null);
  infoError = $state<string | null>(null);
  datasets = $state<BuiltinDataset[]>([]);
  connection = $state<ConnectionState>('connecting');
  retryInMs = $state(0);
  /** Bumped on every reconnect so views refetch what they show. */
  reconnects = $state(0);
  /** The run the Train view shows (the latest started or attached). */
  current = $state<LiveRun | null>(null);
  private readonly live = new Map<string, LiveRun>();
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    let wasDown = false;
    onConnection((state, detail) => {
      this.connection = state;
      this.retryInMs = detail.retryInMs;
      if (state === 'reconnecting') wasDown = true;
      if (state === 'connected' && wasDown) {
        wasDown = false;
        this.reconnects += 1;
        void this.refresh();
      }
    });
    onEvent('training:event', (event) => this.route(event));
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      const [info, datasets] = await Promise.all([invoke('app:info', {}), invoke('datasets:list', {})]);
      this.info = info;
      this.datasets = datasets;
      this.infoError = null;
    } catch (error) {
      this.infoError = errorMessage(error);
    }
    await this.attachActive();
  }

  /** After a reload or a reconnect: pick up a run that is still training. */
  async attachActive(): Promise<void> {
    try {
      const { runIds } = await invoke('training:active', {});
      const id = runIds[runIds.length - 1];
      if (!id) return;
      const run = this.liveRun(id);
      if (!this.current || this.current.runId !== id) this.current = run;
      const detail = await invoke('runs:get', { id });
      run.dataset = detail.dataset;
      run.environment = detail.environment;
      run.epochs = detail.epochsPlanned;
      const [batch, epoch] = await Promise.all([
        invoke('runs:series', { runId: id, names: ['loss', 'accuracy'], scope: 'batch' }),
        detail.metricNames.epoch.length ? invoke('runs:series', { runId: id, names: detail.metricNames.epoch, scope: 'epoch' }) : Promise.resolve([]),
      ]);
      run.catchUp(batch, epoch);
    } catch {
      // Nothing active, or the Node side is gone: the banner already says so.
    }
  }

  liveRun(runId: string): LiveRun {
    let run = this.live.get(runId);
    if (!run) {
      run = new LiveRun(runId);
      this.live.set(runId, run);
    }
    return run;
  }

  private route(event: TrainingEvent): void {
    const run = this.liveRun(event.runId);
    if (event.type === 'started' && (!this.current || !this.current.active)) this.current = run;
    run.handle(event);
  }
}

export const app = new AppState();
