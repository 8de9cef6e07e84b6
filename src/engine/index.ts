/**
 * Nestflow flow engine: public API. Plain TypeScript, no framework imports.
 * See README.md.
 */
export * from './schema';
export * from './ports';
export * from './component';
