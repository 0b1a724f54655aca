// The runs table's data: the server sorts, filters and pages (runs:list offset/limit); we keep the
// pages around the viewport in memory, so 10,000 runs cost a few hundred rows of DOM and memory.
import type { RunSummary, RunStatus } from '../../shared/run/run-types';
import type { RUN_SORT_KEYS } from '../../shared/api/channels/runs-channels';
import { errorMessage, invoke } from './api-client';

export type SortKey = (typeof RUN_SORT_KEYS)[number];
export const PAGE_SIZE = 100;

export class RunPages {
  sortBy = $state<SortKey>('startedAt');
  sortDir = $state<'asc' | 'desc'>('desc');
  statuses = $state<RunStatus[]>([]);
  search = $state('');
  total = $state(0);
  loading = $state(false);
  error = $state<string | null>(null);
  /** Bumped when a page arrives, so the visible slice is recomputed. */
  version = $state(0);
  // Plain maps on purpose: pages are replaced whole and `version` is the one signal views read.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private pages = new Map<number, RunSummary[]>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private inflight = new Map<number, Promise<void>>();
  private generation = 0;

  row(index: number): RunSummary | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Forget everything (new sort, filter or search) and load the first page. */
  async reset(): Promise<void> {
    this.generation += 1;
    this.pages.clear();
    this.inflight.clear();
    await this.ensure(0, 0);
  }

  /** Refetch the pages we hold (after runs:changed) without jumping the scroll position. */
  async refresh(): Promise<void> {
    const held = [...this.pages.keys()];
    this.generation += 1;
    this.inflight.clear();
    await Promise.all((held.length ? held : [0]).map((p) => this.load(p, true)));
  }

  async ensure(first: number, last: number): Promise<void> {
    const pages: number[] = [];
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(Math.max(first, last) / PAGE_SIZE); p++) pages.push(p);
    await Promise.all(pages.map((p) => this.load(p, false)));
  }

  private load(page: number, force: boolean): Promise<void> {
    if (!force && this.pages.has(page)) return Promise.resolve();
    const existing = this.inflight.get(page);
    if (existing) return existing;
    const generation = this.generation;
    this.loading = true;
    const promise = invoke('runs:list', {
      sortBy: this.sortBy,
      sortDir: this.sortDir,
      status: this.statuses.length ? [...this.statuses] : undefined,
      search: this.search.trim() || undefined,
      offset: page * PAGE_SIZE,
      limit: PAGE_SIZE,
    })
      .then(({ rows, total }) => {
        if (generation !== this.generation) return;
        this.pages.set(page, rows);
        this.total = total;
        this.error = null;
        this.version += 1;
      })
      .catch((error: unknown) => {
        if (generation === this.generation) this.error = errorMessage(error);
      })
      .finally(() => {
        this.inflight.delete(page);
        if (this.inflight.size === 0) this.loading = false;
      });
    this.inflight.set(page, promise);
    return promise;
  }
}
