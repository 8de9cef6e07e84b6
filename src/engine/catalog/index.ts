export * from './catalog';
export * from './update';
