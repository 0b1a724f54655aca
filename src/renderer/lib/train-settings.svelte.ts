// What the Train view asks for besides the model: the data source and its reshaping options, the
// backend, the run's name and tags. Kept across view switches (not across reloads).
import type { DatasetOptions, DatasetSource } from '../../shared/dataset/dataset-source';
import type { BackendRequest } from '../../shared/run/run-types';

export type SourceChoice = 'fashion-mnist' | 'mnist' | 'random' | 'csv' | 'image-folder';

class TrainSettings {
  choice = $state<SourceChoice | null>(null);
  csvPath = $state('');
  csvLabelColumn = $state('');
  csvWindow = $state<number | null>(null);
  folderPath = $state('');
  randomSamples = $state(256);
  resize = $state<[number, number] | null>(null);
  channels = $state<1 | 3 | null>(null);
  limit = $state<number | null>(null);
  testLimit = $state<number | null>(null);
  backend = $state<BackendRequest>('auto');
  runName = $state('');
  tags = $state<string[]>([]);
  /** The editor's suggested dataset last adopted (JSON), so a later manual choice is not overridden. */
  adoptedFrom: string | null = null;

  source(): DatasetSource | null {
    switch (this.choice) {
      case 'fashion-mnist':
      case 'mnist':
        return { kind: this.choice };
      case 'random':
        return { kind: 'random', samples: this.randomSamples || 256 };
      case 'csv':
        return this.csvPath.trim()
          ? { kind: 'csv', path: this.csvPath.trim(), ...(this.csvLabelColumn.trim() ? { labelColumn: this.csvLabelColumn.trim() } : {}), ...(this.csvWindow ? { window: this.csvWindow } : {}) }
          : null;
      case 'image-folder':
        return this.folderPath.trim() ? { kind: 'image-folder', path: this.folderPath.trim() } : null;
      default:
        return null;
    }
  }

  options(): DatasetOptions {
    const o: DatasetOptions = {};
    if (this.resize) o.resize = [...this.resize];
    if (this.channels) o.channels = this.channels;
    if (this.limit) o.limit = this.limit;
    if (this.testLimit) o.testLimit = this.testLimit;
    return o;
  }

  adopt(source: DatasetSource): void {
    this.choice = source.kind;
    if (source.kind === 'csv') this.csvPath = source.path;
    if (source.kind === 'image-folder') this.folderPath = source.path;
    if (source.kind === 'random' && source.samples) this.randomSamples = source.samples;
  }
}

export const trainSettings = new TrainSettings();
