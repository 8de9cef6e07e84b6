export * from './data';
export * from './message';
export * from './dataframe';
export * from './convert';
export * from './py';
