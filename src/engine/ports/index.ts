export * from './ports';
export * from './memory';
export * from './local-files';
