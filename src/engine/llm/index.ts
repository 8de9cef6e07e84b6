export * from './types';
export * from './openai';
export * from './anthropic';
export * from './ollama';
export * from './google';
export * from './watsonx';
export * from './model-config';
