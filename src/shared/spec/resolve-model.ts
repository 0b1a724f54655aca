// The strict door to a model: the ResolvedModel for a valid spec, or a SpecError listing every
// issue. Training, export and the CLI call this; the editor calls analyzeModel instead.
import type { ModelSpec } from './model-spec';
import type { ResolvedModel } from './resolved-model';
import { analyzeModel } from './analyze-model';
import { SpecError } from './spec-issues';

export type { ResolvedModel } from './resolved-model';

export function resolveModel(spec: ModelSpec): ResolvedModel {
  const analysis = analyzeModel(spec);
  if (!analysis.ok || !analysis.resolved) throw new SpecError(analysis.issues);
  return analysis.resolved;
}
