export * from './fields';
export * from './events';
export * from './context';
export * from './component';
export * from './registry';
