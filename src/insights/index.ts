/**
 * Feedback Insights: the pure logic behind the app (import, clustering, keywords, themes,
 * dashboard figures, exports, language checks, sentiment-run planning). No React, DOM, worker
 * or model code here; the UI and the worker glue call these functions.
 */
export * from './types';
export * from './import';
export * from './random';
export * from './sentiment';
export * from './clustering';
export * from './tokenize';
export * from './keywords';
export * from './themes';
export * from './aggregate';
export * from './export';
export * from './language';
export * from './sentimentRun';
