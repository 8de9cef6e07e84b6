/**
 * Static checks of the deployment files (Dockerfile, .dockerignore, docker-compose.yml,
 * helm/nestflow). Nothing here builds an image or talks to Docker or Kubernetes: the files are
 * parsed and checked against each other and against src/config/env.ts. When a `helm` binary is on
 * PATH, the chart is also linted and rendered; otherwise those tests are skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { parseEnv } from '../../src/config/env';

const ROOT = resolve(__dirname, '..', '..');
const CHART = join(ROOT, 'helm', 'nestflow');
const read = (...parts: string[]): string => readFileSync(join(ROOT, ...parts), 'utf8');

type Env = Record<string, string>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// ---------------------------------------------------------------------------------------------
// Checkers (pure functions, also exercised on broken input below so that they can fail)
// ---------------------------------------------------------------------------------------------

const ENV_NAME = /\b(?:LANGFLOW|NESTFLOW)_[A-Z0-9_]*[A-Z0-9]\b/g;

/** The LANGFLOW_* / NESTFLOW_* names the server reads (quoted in env.ts and cluster.ts); names ending in "_" are prefixes. */
function knownEnvNames(): { names: Set<string>; prefixes: string[] } {
  const names = new Set<string>();
  const prefixes: string[] = [];
  for (const file of [['src', 'config', 'env.ts'], ['src', 'cluster.ts']]) {
    const text = read(...file);
    for (const m of text.matchAll(/['"`]((?:LANGFLOW|NESTFLOW)_[A-Z0-9_]*)['"`]/g)) {
      if (m[1].endsWith('_')) prefixes.push(m[1]);
      else names.add(m[1]);
    }
    for (const m of text.matchAll(/process\.env\.((?:LANGFLOW|NESTFLOW)_[A-Z0-9_]+)/g)) names.add(m[1]);
  }
  return { names, prefixes };
}

/** Names of the LANGFLOW_* / NESTFLOW_* family in `text` that the server does not know. */
function unknownEnvNames(text: string, known = knownEnvNames()): string[] {
  const found = new Set(text.match(ENV_NAME) ?? []);
  return [...found].filter((n) => !known.names.has(n) && !known.prefixes.some((p) => n.startsWith(p))).sort();
}

/** `.Values.a.b.c` paths used by chart template text (also `$.Values...`). */
function valuesPathsIn(text: string): string[] {
  return [...text.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((m) => m[1].slice(1));
}

function hasPath(values: Json, path: string): boolean {
  let node: Json = values;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, key)) return false;
    node = node[key];
  }
  return true;
}

/** Paths of values.yaml leaves (scalars, lists, empty maps). */
function leafPaths(node: Json, prefix = ''): string[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node) || Object.keys(node).length === 0) return prefix ? [prefix] : [];
  return Object.entries(node).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
}

/** Template paths missing from values.yaml. */
function missingValuesPaths(templates: Record<string, string>, values: Json): string[] {
  const missing: string[] = [];
  for (const [file, text] of Object.entries(templates)) {
    for (const path of valuesPathsIn(text)) if (!hasPath(values, path)) missing.push(`${file}: .Values.${path}`);
  }
  return [...new Set(missing)].sort();
}

/** values.yaml leaves that no template reads, directly or through a parent (toYaml, range). */
function unusedValues(templates: Record<string, string>, values: Json): string[] {
  const used = new Set(Object.values(templates).flatMap(valuesPathsIn));
  return leafPaths(values).filter((leaf) => {
    const parts = leaf.split('.');
    return !parts.some((_, i) => used.has(parts.slice(0, i + 1).join('.')));
  });
}

/** Go-template structure problems: unbalanced {{ }}, block openers without `end`, unknown includes. */
function templateProblems(templates: Record<string, string>): string[] {
  const problems: string[] = [];
  const defined = new Set<string>();
  for (const text of Object.values(templates)) for (const m of text.matchAll(/\{\{-?\s*define\s+"([^"]+)"/g)) defined.add(m[1]);
  for (const [file, text] of Object.entries(templates)) {
    const opens = (text.match(/\{\{/g) ?? []).length;
    const closes = (text.match(/\}\}/g) ?? []).length;
    if (opens !== closes) problems.push(`${file}: ${opens} "{{" but ${closes} "}}"`);
    const blocks = (text.match(/\{\{-?\s*(?:if|with|range|define|block)\b/g) ?? []).length;
    const ends = (text.match(/\{\{-?\s*end\b/g) ?? []).length;
    if (blocks !== ends) problems.push(`${file}: ${blocks} if/with/range/define blocks but ${ends} "end"`);
    for (const m of text.matchAll(/\b(?:include|template)\s+"([^"]+)"/g)) {
      if (!defined.has(m[1])) problems.push(`${file}: includes undefined template "${m[1]}"`);
    }
  }
  return problems;
}

/** Replaces ${NAME}, ${NAME:-default} and ${NAME:?message} the way compose does, from `vars`. */
function interpolate(value: string, vars: Env): string {
  return value.replace(/\$\{([A-Za-z0-9_]+)(?:(:?[-?])([^}]*))?\}/g, (_all, name: string, op: string | undefined, arg: string) => {
    const set = vars[name];
    if (op?.endsWith('-')) return set || arg;
    if (op?.endsWith('?') && !set) throw new Error(`compose would stop: ${name}: ${arg}`);
    return set ?? '';
  });
}

function seconds(duration: string | number): number {
  if (typeof duration === 'number') return duration;
  let total = 0;
  for (const m of duration.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) {
    total += Number(m[1]) * { h: 3600, m: 60, s: 1, ms: 0.001 }[m[2] as 'h' | 'm' | 's' | 'ms'];
  }
  return total;
}

/** .dockerignore evaluation for a top-level path (last matching pattern wins; "!" re-includes). */
function dockerIgnored(patterns: string[], path: string): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).replace(/^\/+|\/+$/g, '');
    const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}(?:/.*)?$`);
    if (re.test(path)) ignored = !negated;
  }
  return ignored;
}

interface DockerStage { from: string; name?: string; lines: string[] }

function dockerStages(dockerfile: string): { args: Env; stages: DockerStage[] } {
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const args: Env = {};
  const stages: DockerStage[] = [];
  for (const line of lines) {
    const [instruction, ...rest] = line.split(/\s+/);
    const upper = instruction.toUpperCase();
    if (upper === 'FROM') {
      const from = rest[0].replace(/\$\{?([A-Z_]+)\}?/g, (_m, n: string) => args[n] ?? '');
      stages.push({ from, name: rest[2], lines: [] });
    } else if (upper === 'ARG' && stages.length === 0) {
      const [name, value] = rest.join(' ').split('=');
      args[name] = value ?? '';
    } else stages.at(-1)?.lines.push(line);
  }
  return { args, stages };
}

/** ENV of a stage: both `ENV A=1 B=2` and `ENV A 1`. */
function stageEnv(stage: DockerStage): Env {
  const env: Env = {};
  for (const line of stage.lines.filter((l) => /^ENV\s/i.test(l))) {
    const body = line.replace(/^ENV\s+/i, '');
    if (!body.includes('=')) {
      const [name, ...value] = body.split(/\s+/);
      env[name] = value.join(' ');
      continue;
    }
    for (const m of body.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) env[m[1]] = m[3] ?? m[2];
  }
  return env;
}

/** ConfigMap data of configmap.yaml for the given values: literal lines and `{{ .Values.x | quote }}` lines. */
function configMapEnv(template: string, values: Json): Env {
  const env: Env = {};
  for (const m of template.matchAll(/^\s+((?:LANGFLOW|NESTFLOW)_[A-Z0-9_]+):\s*(.+)$/gm)) {
    const ref = /^\{\{\s*\.Values\.([A-Za-z0-9_.]+)\s*\|\s*quote\s*\}\}$/.exec(m[2]);
    if (ref) {
      let node: Json = values;
      for (const key of ref[1].split('.')) node = (node as Record<string, Json>)[key];
      if (node !== '' && node !== null) env[m[1]] = String(node);
    } else if (/^\{\{\s*\.\s*\|\s*quote\s*\}\}$/.test(m[2])) {
      continue; // `with` blocks for optional values, empty by default
    } else {
      env[m[1]] = String(parse(m[2]));
    }
  }
  for (const [name, value] of Object.entries(((values as Record<string, Json>).config ?? {}) as Record<string, Json>)) env[name] = String(value);
  return env;
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

const dockerfile = read('Dockerfile');
const dockerignore = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const composeText = read('docker-compose.yml');
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, {
    environment?: Env; depends_on?: Record<string, { condition: string }>; healthcheck?: { test?: string[]; disable?: boolean };
    stop_grace_period?: string; volumes?: string[]; ports?: string[]; image?: string; build?: string;
  }>;
  volumes: Record<string, unknown>;
};
const chart = parse(read('helm', 'nestflow', 'Chart.yaml')) as Record<string, string>;
const values = parse(read('helm', 'nestflow', 'values.yaml')) as Json;
const valuesMap = values as Record<string, any>;
const templates: Record<string, string> = Object.fromEntries(
  readdirSync(join(CHART, 'templates')).map((f) => [f, readFileSync(join(CHART, 'templates', f), 'utf8')]),
);
const SECRET_NAMES = ['LANGFLOW_SECRET_KEY', 'LANGFLOW_DATABASE_URL', 'LANGFLOW_REDIS_URL', 'LANGFLOW_SUPERUSER_PASSWORD'];
const DUMMY: Env = {
  LANGFLOW_SECRET_KEY: 'placeholder-secret-key-for-tests',
  LANGFLOW_SUPERUSER_PASSWORD: 'placeholder-password',
  POSTGRES_PASSWORD: 'placeholder-pg-password',
};

describe('deployment files: the checkers themselves', () => {
  it('report a typo in a values path, an unused value, a broken block and an unknown include', () => {
    const vals = { api: { replicaCount: 2, unusedKnob: 1 } } as Json;
    const tpl = { 'x.yaml': '{{- if .Values.api.replicaCont }}{{ include "nope" . }}{{ .Values.api.replicaCount }}' };
    expect(missingValuesPaths(tpl, vals)).toEqual(['x.yaml: .Values.api.replicaCont']);
    expect(unusedValues(tpl, vals)).toEqual(['api.unusedKnob']);
    expect(templateProblems(tpl)).toEqual([
      'x.yaml: 1 if/with/range/define blocks but 0 "end"',
      'x.yaml: includes undefined template "nope"',
    ]);
  });

  it('report a misspelt variable name and a compose secret left unset', () => {
    expect(unknownEnvNames('LANGFLOW_SECRET_KEY: x\nLANGFLOW_SECRETKEY: y\nNESTFLOW_PROCES_ROLE: api\nLANGFLOW_FEATURE_MCP: true')).toEqual([
      'LANGFLOW_SECRETKEY',
      'NESTFLOW_PROCES_ROLE',
    ]);
    expect(() => interpolate('${LANGFLOW_SECRET_KEY:?set it}', {})).toThrow('set it');
    expect(interpolate('${A:-x}/${B:?m}', { B: 'b' })).toBe('x/b');
    expect(dockerIgnored(['*', '!src/', 'src/**/*.spec.ts'], 'node_modules')).toBe(true);
    expect(dockerIgnored(['*', '!src/'], 'src')).toBe(false);
    expect(seconds('1m30s')).toBe(90);
  });
});

describe('deployment files: every LANGFLOW_*/NESTFLOW_* name is one the server reads', () => {
  const files = ['Dockerfile', 'docker-compose.yml', 'helm/nestflow/values.yaml', ...Object.keys(templates).map((f) => `helm/nestflow/templates/${f}`)];
  it.each(files)('%s', (file) => {
    expect(unknownEnvNames(read(...file.split('/')))).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const { stages } = dockerStages(dockerfile);
  const [build, runtime] = stages;

  it('builds on node:20-bookworm-slim in two stages, with a compiler for better-sqlite3 in the first only', () => {
    expect(stages).toHaveLength(2);
    for (const stage of stages) expect(stage.from).toBe('node:20-bookworm-slim');
    expect(build.lines.join('\n')).toMatch(/apt-get install[^\n]*python3[^\n]*make[^\n]*g\+\+/);
    expect(runtime.lines.join('\n')).not.toMatch(/apt-get|npm (ci|install)\b(?![^\n]*--omit=dev)/);
  });

  it('runs npm ci and the build, then keeps production dependencies only', () => {
    const steps = build.lines.filter((l) => /^RUN\s/i.test(l)).join('\n');
    expect(steps).toMatch(/npm ci\b/);
    expect(steps).toMatch(/npm run build/);
    expect(steps).toMatch(/npm prune --omit=dev|npm ci --omit=dev/);
    const copiedFromBuild = runtime.lines.filter((l) => /^COPY\s+--from=build/i.test(l)).map((l) => l.split(/\s+/).at(-2));
    expect(copiedFromBuild).toEqual(expect.arrayContaining(['/app/node_modules', '/app/dist', '/app/package.json']));
  });

  it('copies into the build only files that exist and that .dockerignore lets through', () => {
    const sources = build.lines
      .filter((l) => /^COPY\s/i.test(l) && !/--from=/.test(l))
      .flatMap((l) => l.split(/\s+/).slice(1, -1).filter((s) => !s.startsWith('--')));
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) {
      expect({ source, exists: existsSync(join(ROOT, source)), ignored: dockerIgnored(dockerignore, source) }).toEqual({ source, exists: true, ignored: false });
    }
    for (const kept of ['node_modules', 'dist', '.git', '.env', 'bench-results', 'nestflow.db']) expect({ kept, ignored: dockerIgnored(dockerignore, kept) }).toEqual({ kept, ignored: true });
  });

  it('starts dist/main.js, which nest build makes from src/main.ts', () => {
    const tsBuild = parse(read('tsconfig.build.json')) as { compilerOptions: { rootDir: string; outDir: string } };
    expect(tsBuild.compilerOptions).toMatchObject({ rootDir: './src', outDir: './dist' });
    expect(existsSync(join(ROOT, 'src', 'main.ts'))).toBe(true);
    expect(runtime.lines.at(-1)).toBe('CMD ["node", "dist/main.js"]');
    // dist/meta/version.js reads ../../package.json at run time.
    expect(read('src', 'meta', 'version.ts')).toContain("require('../../package.json')");
  });

  it('has every package the server imports at run time: npm prune --omit=dev keeps them, and nothing outside src/ is needed', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    const builtins = new Set(builtinModules);
    const problems: string[] = [];
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    const sources = walk(join(ROOT, 'src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.endsWith('.d.ts'));
    expect(sources.length).toBeGreaterThan(50);
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      // `import type` is erased by the compiler; everything else may be loaded at run time.
      const specifiers = [
        ...[...text.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^;]*?\bfrom\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]),
        ...[...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]),
        ...[...text.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]),
      ];
      for (const spec of specifiers) {
        const where = file.slice(ROOT.length + 1);
        if (spec.startsWith('.')) {
          const target = resolve(file, '..', spec);
          if (!target.startsWith(join(ROOT, 'src')) && target !== join(ROOT, 'package.json')) problems.push(`${where}: ${spec} is outside src/`);
          continue;
        }
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (name.startsWith('node:') || builtins.has(name)) continue;
        if (!pkg.dependencies[name]) problems.push(`${where}: ${name} is not in dependencies`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('runs as a non-root user, exposes 7860, checks /health, and its ENV is a valid configuration', () => {
    const user = runtime.lines.find((l) => /^USER\s/i.test(l))?.split(/\s+/)[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime.lines).toContain('EXPOSE 7860');
    expect(runtime.lines.find((l) => /^HEALTHCHECK\s/i.test(l))).toContain('/health');
    const env = stageEnv(runtime);
    expect(env).toMatchObject({ LANGFLOW_HOST: '0.0.0.0', LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_PORT: '7860' });
    const config = parseEnv(env);
    expect(config).toMatchObject({ host: '0.0.0.0', port: 7860, autoLogin: false, configDir: '/app/data' });
  });
});

describe('docker-compose.yml', () => {
  const services = compose.services;
  const envOf = (name: string): Env => Object.fromEntries(Object.entries(services[name].environment ?? {}).map(([k, v]) => [k, interpolate(String(v), DUMMY)]));

  it('has an API, a worker, Postgres and Redis', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
    expect(services.api.environment?.NESTFLOW_PROCESS_ROLE).toBe('api');
    expect(services.worker.environment?.NESTFLOW_PROCESS_ROLE).toBe('worker');
    expect(services.worker.ports).toBeUndefined();
    expect(services.api.ports?.some((p) => p.endsWith(':7860'))).toBe(true);
  });

  it('gives API and worker valid configurations that share the secret key, database, Redis, prefix and superuser', () => {
    const api = envOf('api');
    const worker = envOf('worker');
    for (const name of [...SECRET_NAMES, 'NESTFLOW_REDIS_PREFIX', 'LANGFLOW_SUPERUSER', 'LANGFLOW_AUTO_LOGIN', 'LANGFLOW_STORAGE_TYPE', 'LANGFLOW_CONFIG_DIR', 'NESTFLOW_SHUTDOWN_GRACE_SECONDS']) {
      expect({ name, value: api[name] }).toEqual({ name, value: expect.any(String) });
      expect({ name, value: worker[name] }).toEqual({ name, value: api[name] });
    }
    expect(parseEnv(api)).toMatchObject({ autoLogin: false, host: '0.0.0.0', execution: { processRole: 'api' } });
    expect(parseEnv(worker)).toMatchObject({ autoLogin: false, execution: { processRole: 'worker' } });
    expect(api.LANGFLOW_DATABASE_URL).toMatch(/^postgresql:\/\/[^@]+@postgres:5432\//);
    expect(api.LANGFLOW_REDIS_URL).toMatch(/^redis:\/\/redis:6379/);
  });

  it('takes secrets from the environment with a message when unset, never from a literal', () => {
    expect(services.api.environment?.LANGFLOW_SECRET_KEY).toMatch(/^\$\{LANGFLOW_SECRET_KEY:\?[^}]+\}$/);
    expect(services.api.environment?.LANGFLOW_SUPERUSER_PASSWORD).toMatch(/^\$\{LANGFLOW_SUPERUSER_PASSWORD:\?[^}]+\}$/);
    expect(services.api.environment?.LANGFLOW_DATABASE_URL).toMatch(/:\$\{POSTGRES_PASSWORD:\?[^}]+\}@/);
    expect((services.postgres.environment as Env).POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/);
    expect(() => interpolate(String(services.api.environment?.LANGFLOW_SECRET_KEY), {})).toThrow(/set LANGFLOW_SECRET_KEY/);
  });

  it('shares files between API and worker: one named volume at the config dir (local storage) or S3', () => {
    const api = envOf('api');
    if (api.LANGFLOW_STORAGE_TYPE === 's3') {
      expect(api.LANGFLOW_OBJECT_STORAGE_BUCKET_NAME).toBeTruthy();
      return;
    }
    const mount = `${Object.keys(compose.volumes).find((v) => services.api.volumes?.includes(`${v}:${api.LANGFLOW_CONFIG_DIR}`))}:${api.LANGFLOW_CONFIG_DIR}`;
    expect(services.api.volumes).toContain(mount);
    expect(services.worker.volumes).toContain(mount);
  });

  it('starts Nestflow once Postgres and Redis are healthy, and checks readiness on the API only', () => {
    for (const name of ['api', 'worker']) {
      expect(services[name].depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    }
    expect(services.postgres.healthcheck?.test?.join(' ')).toContain('pg_isready');
    expect(services.redis.healthcheck?.test?.join(' ')).toContain('ping');
    expect(services.api.healthcheck?.test?.join(' ')).toContain('/health_check');
    expect(services.worker.healthcheck).toEqual({ disable: true });
  });

  it('lets running jobs finish on stop: stop_grace_period above NESTFLOW_SHUTDOWN_GRACE_SECONDS', () => {
    for (const name of ['api', 'worker']) {
      const grace = Number(envOf(name).NESTFLOW_SHUTDOWN_GRACE_SECONDS ?? 10);
      expect(seconds(services[name].stop_grace_period ?? '10s')).toBeGreaterThan(grace);
    }
  });
});

describe('helm/nestflow', () => {
  it('Chart.yaml is a v2 application chart whose appVersion is the package version', () => {
    const pkg = JSON.parse(read('package.json')) as { version: string };
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'nestflow', type: 'application', appVersion: pkg.version });
    expect(chart.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('every .Values path in the templates exists in values.yaml', () => {
    expect(Object.keys(templates)).toEqual(expect.arrayContaining(['_helpers.tpl', 'NOTES.txt', 'deployment-api.yaml', 'deployment-worker.yaml', 'service.yaml']));
    expect(missingValuesPaths(templates, values)).toEqual([]);
  });

  it('every value in values.yaml is read by a template', () => {
    expect(unusedValues(templates, values)).toEqual([]);
  });

  it('templates are balanced and include only defined helpers', () => {
    expect(templateProblems(templates)).toEqual([]);
  });

  it('ships no secrets: the secret values are empty by default and go to the Secret, never the ConfigMap', () => {
    expect([valuesMap.secretKey, valuesMap.database.url, valuesMap.redis.url, valuesMap.superuser.password, valuesMap.storage.s3.accessKeyId, valuesMap.storage.s3.secretAccessKey]).toEqual(['', '', '', '', '', '']);
    const secretKeys = [...templates['secret.yaml'].matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
    expect(secretKeys).toEqual(expect.arrayContaining([...SECRET_NAMES, 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']));
    const configMapKeys = Object.keys(configMapEnv(templates['configmap.yaml'], values));
    for (const name of SECRET_NAMES) expect(configMapKeys).not.toContain(name);
    // values.config adds keys; it must not repeat one the ConfigMap already sets (duplicate YAML keys).
    const explicit = [...templates['configmap.yaml'].matchAll(/^\s+((?:LANGFLOW|NESTFLOW)_[A-Z0-9_]+):/gm)].map((m) => m[1]);
    for (const name of Object.keys(valuesMap.config)) expect({ name, duplicate: explicit.includes(name) || SECRET_NAMES.includes(name) }).toEqual({ name, duplicate: false });
  });

  it('the ConfigMap with the Secret is a valid configuration for API and worker pods', () => {
    const env = { ...configMapEnv(templates['configmap.yaml'], values), ...DUMMY, LANGFLOW_DATABASE_URL: 'postgresql://u:p@postgres:5432/nestflow', LANGFLOW_REDIS_URL: 'redis://redis:6379/0' };
    expect(env).toMatchObject({ LANGFLOW_HOST: '0.0.0.0', LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_PORT: '7860' });
    for (const role of ['api', 'worker', 'both']) {
      expect(parseEnv({ ...env, NESTFLOW_PROCESS_ROLE: role })).toMatchObject({ autoLogin: false, execution: { processRole: role } });
    }
  });

  it('API pods: liveness /health, readiness /health_check; worker pods: role worker, no HTTP probes', () => {
    const api = templates['deployment-api.yaml'];
    expect(api).toMatch(/livenessProbe:\s+httpGet:\s+path: \/health\s/);
    expect(api).toMatch(/readinessProbe:\s+httpGet:\s+path: \/health_check\s/);
    expect(api).toContain('containerPort: 7860');
    const worker = templates['deployment-worker.yaml'];
    expect(worker).toMatch(/name: NESTFLOW_PROCESS_ROLE\s+value: worker/);
    expect(worker).not.toMatch(/Probe:|containerPort/);
    for (const text of [api, worker]) {
      expect(text).toContain('{{- include "nestflow.envFrom" . | nindent 12 }}');
      expect(text).toContain('terminationGracePeriodSeconds: {{ include "nestflow.terminationGracePeriodSeconds" . }}');
    }
  });

  it('gives running jobs time on rolling updates: grace period = shutdown grace + preStop + margin', () => {
    expect(templates['_helpers.tpl']).toContain('add .Values.shutdown.graceSeconds .Values.api.preStopSleepSeconds .Values.shutdown.extraSeconds');
    expect(templates['configmap.yaml']).toContain('NESTFLOW_SHUTDOWN_GRACE_SECONDS: {{ .Values.shutdown.graceSeconds | quote }}');
    expect(valuesMap.shutdown.extraSeconds).toBeGreaterThan(0);
    expect(valuesMap.shutdown.graceSeconds).toBeGreaterThan(0);
  });

  it('routes the Service to API pods only', () => {
    expect(templates['service.yaml']).toContain('include "nestflow.componentSelectorLabels" (list . "api")');
    expect(templates['deployment-api.yaml']).toContain('app.kubernetes.io/component: api');
  });

  const helm = spawnSync('helm', ['version', '--short'], { encoding: 'utf8' });
  const withHelm = helm.status === 0 ? it : it.skip;
  const required = [
    '--set', 'secretKey=placeholder-secret-key-for-tests', '--set', 'database.url=postgresql://u:p@postgres:5432/nestflow',
    '--set', 'redis.url=redis://redis:6379/0', '--set', 'superuser.password=placeholder', '--set', 'storage.s3.bucket=files',
  ];

  withHelm('helm lint and helm template render (only where a helm binary is installed)', () => {
    const lint = spawnSync('helm', ['lint', CHART, ...required], { encoding: 'utf8' });
    expect({ status: lint.status, out: lint.stdout + lint.stderr }).toMatchObject({ status: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'nestflow-helm-'));
    try {
      const extra = join(dir, 'extra.yaml');
      writeFileSync(extra, 'ingress:\n  enabled: true\napi:\n  autoscaling:\n    enabled: true\nworker:\n  podDisruptionBudget:\n    enabled: true\n');
      const out = spawnSync('helm', ['template', 'nf', CHART, ...required, '-f', extra], { encoding: 'utf8' });
      expect({ status: out.status, err: out.stderr }).toMatchObject({ status: 0 });
      const kinds = parseAllDocuments(out.stdout).map((d) => (d.toJS() as { kind?: string } | null)?.kind).filter(Boolean).sort();
      expect(kinds).toEqual(['ConfigMap', 'Deployment', 'Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'PodDisruptionBudget', 'PodDisruptionBudget', 'Secret', 'Service', 'ServiceAccount']);
      const missing = spawnSync('helm', ['template', 'nf', CHART], { encoding: 'utf8' });
      expect(missing.status).not.toBe(0);
      expect(missing.stderr).toContain('secretKey');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
