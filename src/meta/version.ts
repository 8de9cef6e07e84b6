/** The Langflow API level Nestflow answers as; clients compare against it. */
export const LANGFLOW_COMPATIBLE_VERSION = '1.7.1';
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const NESTFLOW_VERSION: string = require('../../package.json').version;
