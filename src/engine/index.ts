/**
 * Nestflow flow engine: public API. Plain TypeScript, no framework imports. See README.md.
 */
export * from './schema';
export * from './ports';
export * from './component';
export type { FlowData, FlowEdge, FlowInput, FlowNode, Tweaks } from './graph/flow-types';
export { compileFlow, sortPlan, findUnsupportedNodes } from './graph/compile';
export type { FlowPlan, CompiledVertex, CompileOptions, SortResult } from './graph/compile';
export { applyTweaks, isStreamOnlyTweaks, inputTweakConflict } from './graph/tweaks';
export { decodeHandle, parseEdge, ungroup, flowDataOf } from './graph/parse';
export { ComponentBuildError, GraphBuildError, GraphCycleError, UnknownComponentError } from './graph/errors';
export { FlowEngine } from './runtime/engine';
export type { EngineConfig, RunOptions, RunResult, VertexRun, InputType, OutputType } from './runtime/engine';
export { toRunResponse, resultData, vertexBuildResponse } from './runtime/results';
export { serializeValue, formatDuration } from './runtime/serialize';
export { errorMessageFor } from './runtime/error-message';
export { createDefaultRegistry, BUILTIN_COMPONENTS } from './components';
export { extractPromptVariables } from './components/models_and_agents/prompt-template';
export { buildCatalog, componentNode, validatePrompt, promptVariableField, updateComponentNode, componentFromCode } from './catalog';
export type { ValidatePromptRequest, ValidatePromptResponse, FrontendNode, UpdateComponentRequest } from './catalog';
export { LocalFileStorage } from './ports/local-files';
export { FlowBuilder } from './testing/flow-builder';
export { invokeComponent } from './testing/invoke';
