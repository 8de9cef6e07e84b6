import { createTestApp, TestApp } from '../setup/create-test-app';

describe('health, version, config, docs', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ env: { LANGFLOW_SKIP_AUTH_AUTO_LOGIN: 'true' } })));
  afterAll(() => t.close());

  it('answers /health and /health_check', async () => {
    await t.http.get('/health').expect(200, { status: 'ok' });
    await t.http.get('/health_check').expect(200, { status: 'ok', chat: 'ok', db: 'ok' });
  });

  it('reports the Langflow version it is compatible with', async () => {
    const res = await t.http.get('/api/v1/version').expect(200);
    expect(res.body).toMatchObject({ version: '1.7.1', main_version: '1.7.1' });
  });

  it('serves every field of Langflow\'s /config', async () => {
    const res = await t.http.get('/api/v1/config').expect(200);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'feature_flags', 'serialization_max_items_length', 'serialization_max_text_length', 'frontend_timeout', 'auto_saving',
        'auto_saving_interval', 'health_check_max_retries', 'max_file_size_upload', 'webhook_polling_interval',
        'public_flow_cleanup_interval', 'public_flow_expiration', 'event_delivery', 'webhook_auth_enable',
        'voice_mode_available', 'default_folder_name', 'hide_getting_started_progress',
      ].sort(),
    );
    expect(res.body.default_folder_name).toBe('Starter Project');
  });

  it('serves Swagger UI and an OpenAPI document listing the routes', async () => {
    const ui = await t.http.get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
    const doc = await t.http.get('/openapi.json').expect(200);
    for (const path of ['/api/v1/login', '/api/v1/users/whoami', '/api/v1/api_key', '/health_check', '/api/v1/config']) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
  });

  it('answers unknown routes with FastAPI\'s 404', async () => {
    await t.http.get('/api/v1/nothing-here').expect(404, { detail: 'Not Found' });
  });
});
