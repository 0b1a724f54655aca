// The run store's public surface: import from here.
export { RunStore, type RunStoreOptions } from './run-store';
export type * from './run-repository';
export { StoreError, RunNotFoundError, type StoreErrorCode } from './store-errors';
export { SCHEMA_VERSION } from './schema-migrations';
export { decimateSeries } from './series-decimation';
export { flattenSettings, metricDirection } from './compare-runs';
