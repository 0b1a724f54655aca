// Picks the loader for a DatasetSource and opens it: shapes and sizes at once, data on demand.
// Options that make no sense for the kind of data (--resize on a CSV) are refused here.
import type { DatasetSource } from '../../shared/dataset/dataset-source';
import { openCsv } from './csv-loader';
import { DatasetError } from './dataset-error';
import type { DatasetReader, OpenContext } from './dataset-types';
import { openImageFolder } from './image-folder-loader';
import { openMnist } from './mnist-loader';
import { openRandom, RANDOM_DEFAULT_SHAPE } from './random-loader';

function refuseImageOptions(what: string, ctx: OpenContext): void {
  if (ctx.options.resize || ctx.options.channels) {
    const flag = ctx.options.resize ? '--resize' : '--channels';
    throw new DatasetError(`${flag} applies to image data, and ${what} is not: drop it`);
  }
}

export async function openDataset(source: DatasetSource, ctx: OpenContext): Promise<DatasetReader> {
  switch (source.kind) {
    case 'fashion-mnist':
    case 'mnist':
      return openMnist(source.kind, source.dir, ctx);
    case 'random':
      if ((ctx.inputShape ?? RANDOM_DEFAULT_SHAPE).length !== 3) refuseImageOptions('random sequence data', ctx);
      return openRandom(source.samples, ctx);
    case 'csv':
      refuseImageOptions(`the CSV file ${source.path}`, ctx);
      return openCsv(source.path, source.labelColumn, source.window, ctx);
    case 'image-folder':
      return openImageFolder(source.path, ctx);
  }
}
