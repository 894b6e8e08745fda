/**
 * Apps built from definition files: the format (format.ts, docs/app-format.schema.json), its
 * strict validation (validate.ts), step wiring (wiring.ts), template variables (template.ts),
 * outputs (outputs.ts), the runner (runner.ts) and the built-in examples (examples.ts).
 */
export * from './format';
export { parseAppFile, validateApp, neededModels, MAX_APP_FILE_BYTES, type AppContext } from './validate';
export { valueKinds } from './wiring';
export { templateVariables, fillAppTemplate } from './template';
export type { RenderedOutput } from './outputs';
export { runApp, readRunInputs, type AppClient, type AppRunEnvironment, type AppRunResult, type AppStepProgress } from './runner';
export { BUILTIN_APPS, isBuiltinApp } from './examples';
