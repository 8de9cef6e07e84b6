export * from './http-client';
export * from './ssrf';
