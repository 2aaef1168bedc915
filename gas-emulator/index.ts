/** Public entry of the Apps Script emulator (see README.md). */
export { AuthMode, type AuthModeName } from './auth.js';
export { callServer, ScriptRunBridge, type ServerCallResult } from './bridge.js';
export { type CostModel, DEFAULT_COST_MODEL, type ExecutionCost } from './cost.js';
export type { CallCounts } from './counter.js';
export {
  createEnv,
  DEFAULT_SCRIPT_RUN_LIMITS,
  type EnvOptions,
  type ExecutionRecord,
  GasEnv,
  type ScriptRunLimits,
} from './env.js';
export { messages } from './errors.js';
export {
  clearBundleCache,
  clickMenuItem,
  EXECUTION_TIMEOUT_MS,
  ExecutionError,
  type ExecutionResult,
  loadBundle,
  type RunOptions,
  runExecution,
  runTrigger,
  SIMPLE_TRIGGER_TIMEOUT_MS,
  topLevelFunctions,
} from './loader.js';
export { GrantedScopes, manifestScopes, REQUIRED_SCOPES, SCOPES } from './scopes.js';
export type { LogEntry } from './services.js';
export { MAX_WORKBOOK_CELLS, SpreadsheetState } from './spreadsheet-state.js';
export { wallTimeAt } from './timezone.js';
export { isDate } from './values.js';
