/** Langflow's api_key_security wording, word for word: clients match on these details. */
export const INVALID_API_KEY = 'Invalid or missing API key';
export const API_KEY_REQUIRED = 'An API key must be passed as query or header';
export const AUTO_LOGIN_NEEDS_KEY =
  'Since v1.5, LANGFLOW_AUTO_LOGIN requires a valid API key. Set LANGFLOW_SKIP_AUTH_AUTO_LOGIN=true to skip this check. Please update your authentication method.';
