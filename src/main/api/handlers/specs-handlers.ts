// specs:* — saved model specs as JSON files under the data dir's specs/, one per name.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TrainbenchError } from '../../../shared/api/api-error';
import type { ApiHandlers } from '../../../shared/api/contract';
import { modelSpecSchema } from '../../../shared/spec/model-spec-schema';
import type { DataPaths } from '../../paths/data-paths';

type SpecsHandlers = Pick<ApiHandlers, 'specs:list' | 'specs:get' | 'specs:save' | 'specs:delete'>;

/** A file name that round-trips the spec name without letting it leave the folder. */
export function specFileName(name: string): string {
  return `${encodeURIComponent(name).replace(/\./g, '%2E')}.json`;
}

export function createSpecsHandlers(paths: DataPaths): SpecsHandlers {
  const fileOf = (name: string): string => join(paths.specsDir, specFileName(name));
  return {
    'specs:list': async () => {
      if (!existsSync(paths.specsDir)) return [];
      return readdirSync(paths.specsDir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => ({
          name: decodeURIComponent(f.slice(0, -'.json'.length)),
          updatedAt: statSync(join(paths.specsDir, f)).mtime.toISOString(),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    'specs:get': async ({ name }) => {
      const file = fileOf(name);
      if (!existsSync(file)) throw new TrainbenchError('SpecNotFoundError', `No saved model named '${name}'. Save it first, or pick one from the list.`);
      const parsed = modelSpecSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success) {
        throw new TrainbenchError('SpecError', `The saved model '${name}' (${file}) is not a valid Trainbench model: ${parsed.error.issues[0]?.message ?? ''}. Fix or delete the file.`);
      }
      return parsed.data;
    },
    'specs:save': async ({ name, spec }) => {
      const file = fileOf(name);
      // Write then rename, so a full disk never leaves half a file in place of a good one.
      const tmp = `${file}.tmp-${process.pid}`;
      writeFileSync(tmp, JSON.stringify({ ...spec, name }, null, 2));
      renameSync(tmp, file);
      return { name, updatedAt: statSync(file).mtime.toISOString() };
    },
    'specs:delete': async ({ name }) => {
      const file = fileOf(name);
      if (!existsSync(file)) return { deleted: false };
      rmSync(file);
      return { deleted: true };
    },
  };
}
