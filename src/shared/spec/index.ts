// The model language in one import: spec types, validation (analyzeModel / resolveModel),
// shapes and parameters, the Keras summary, Keras code in and out, and the templates.
export * from './model-spec';
export { modelSpecSchema, layerSpecSchema } from './model-spec-schema';
export type * from './resolved-layer';
export type { ResolvedModel } from './resolved-model';
export { resolveModel } from './resolve-model';
export { analyzeModel, type ModelAnalysis, type LayerAnalysis } from './analyze-model';
export { SpecError, formatIssue, isSpecError, SPEC_ISSUE_CODES, type SpecIssue, type SpecIssueCode } from './spec-issues';
export { LAYER_CATALOG, getLayerDefinition, layerDefaults, type LayerDefinition } from './layer-catalog';
export { windowOutput, windowArithmetic, formatShape, formatBatchShape, type DimArithmetic, type PaddingMode } from './shape-arithmetic';
export { conv2dParams, denseParams, batchNormParams, simpleRnnParams, lstmParams, gruParams, type ParamCount } from './param-count';
export { assignLayerNames, autoNamePrefix } from './auto-names';
export { closestName, editDistance } from './closest-name';
export { formatSummary, formatSummaryWithTrace, summaryJson, type SummaryJson } from './summary-format';
export { parseKerasCode, type KerasImport, type NotImportedLine } from './keras-code-reader';
export { KerasParseError } from './keras-parse-error';
export { writeKerasCode } from './keras-code-writer';
export { readModelSpecJson, writeModelSpecJson } from './model-spec-json';
export { TEMPLATES, TEMPLATE_IDS, getTemplate, type ModelTemplate, type TemplateId } from './templates';
