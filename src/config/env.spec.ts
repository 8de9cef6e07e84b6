import { parseEnv } from './env';

describe('parseEnv', () => {
  it('uses Langflow defaults on an empty environment', () => {
    const config = parseEnv({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(7860);
    expect(config.autoLogin).toBe(true);
    expect(config.superuser).toBe('langflow');
    expect(config.maxFileSizeUploadMb).toBe(1024);
    expect(config.defaultFolderName).toBe('Starter Project');
  });

  it('keeps knowledge bases in the config dir unless told otherwise', () => {
    expect(parseEnv({ LANGFLOW_CONFIG_DIR: '/srv/nf' }).knowledgeBasesDir).toBe('/srv/nf/knowledge_bases');
    expect(parseEnv({ LANGFLOW_KNOWLEDGE_BASES_DIR: '/data/kb' }).knowledgeBasesDir).toBe('/data/kb');
  });

  it('names the variable and what it expects when a value is bad', () => {
    expect(() => parseEnv({ LANGFLOW_PORT: 'eighty' })).toThrow(/LANGFLOW_PORT: expected an integer/);
    expect(() => parseEnv({ LANGFLOW_AUTO_LOGIN: 'maybe' })).toThrow(/LANGFLOW_AUTO_LOGIN: expected true or false/);
    expect(() => parseEnv({ LANGFLOW_DATABASE_URL: 'mysql://x' })).toThrow(/LANGFLOW_DATABASE_URL/);
  });

  it('refuses auto-login on a non-loopback host unless opted in', () => {
    expect(() => parseEnv({ LANGFLOW_HOST: '0.0.0.0' })).toThrow(/LANGFLOW_AUTO_LOGIN/);
    expect(parseEnv({ LANGFLOW_HOST: '0.0.0.0', LANGFLOW_AUTO_LOGIN: 'false' }).host).toBe('0.0.0.0');
    expect(parseEnv({ LANGFLOW_HOST: '0.0.0.0', NESTFLOW_ALLOW_AUTO_LOGIN_ON_PUBLIC_HOST: 'true' }).autoLogin).toBe(true);
  });

  it('takes the configured superuser only when auto-login is off', () => {
    expect(parseEnv({ LANGFLOW_SUPERUSER: 'admin' }).superuser).toBe('langflow');
    expect(parseEnv({ LANGFLOW_SUPERUSER: 'admin', LANGFLOW_AUTO_LOGIN: 'false' }).superuser).toBe('admin');
  });
});
