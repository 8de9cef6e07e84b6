export * from './ports';
export * from './memory';
