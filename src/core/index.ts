/**
 * The kernel: errors and their codes, cancellation, time slicing, and the task, model, result and
 * progress types every layer shares. It imports nothing of the project, so storage, pure logic,
 * workers, the SDK and the panels can all depend on it without depending on each other.
 */
export * from './errors';
export * from './reasons';
export * from './cancellation';
export * from './timeSlices';
export * from './tasks';
export * from './results';
export * from './progress';
export * from './format';
export * from './uiLanguage';
export * from './testHooks';
