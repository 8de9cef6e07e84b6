import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Typed, validated server configuration read from LANGFLOW_* variables.
 * Parsed once at start (see loadConfig); a bad value stops start-up with a
 * message naming the variable and what it expects.
 */
export interface AppConfig {
  host: string;
  port: number;
  configDir: string;
  /** Where the KnowledgeIngestion/KnowledgeRetrieval components keep their knowledge bases. */
  knowledgeBasesDir: string;
  databaseUrl: string | undefined;
  /** The explicit secret, or undefined to use the one kept in the config dir. */
  secretKey: string | undefined;
  autoLogin: boolean;
  skipAuthAutoLogin: boolean;
  allowAutoLoginOnPublicHost: boolean;
  superuser: string;
  superuserPassword: string;
  newUserIsActive: boolean;
  accessTokenExpireSeconds: number;
  refreshTokenExpireSeconds: number;
  cors: { origins: string[] | '*'; allowCredentials: boolean; allowMethods: string; allowHeaders: string };
  cookies: {
    accessSameSite: SameSite; accessSecure: boolean; accessHttpOnly: boolean;
    refreshSameSite: SameSite; refreshSecure: boolean; refreshHttpOnly: boolean;
    domain: string | undefined;
  };
  maxFileSizeUploadMb: number;
  logLevel: LogLevel;
  redisUrl: string | undefined;
  disableTrackApiKeyUsage: boolean;
  webhookAuthEnable: boolean;
  fallbackToEnvVar: boolean;
  defaultFolderName: string;
  /** Seed the global "Starter Projects" folder from Nestflow's templates at start, and refresh changed ones. */
  createStarterProjects: boolean;
  updateStarterProjects: boolean;
  /** Empty API-key fields of flows saved through PATCH /flows/{id}. */
  removeApiKeys: boolean;
  hideGettingStartedProgress: boolean;
  eventDelivery: 'streaming' | 'polling' | 'direct';
  frontend: {
    timeout: number; autoSaving: boolean; autoSavingInterval: number; healthCheckMaxRetries: number;
    webhookPollingInterval: number; publicFlowCleanupInterval: number; publicFlowExpiration: number;
  };
  maxTextLength: number;
  maxItemsLength: number;
  /** Retention of the monitor tables: transactions per flow, vertex builds in total and per vertex. */
  maxTransactionsToKeep: number;
  maxVertexBuildsToKeep: number;
  maxVertexBuildsPerVertex: number;
  featureFlags: Record<string, boolean>;
  /** Where uploaded files live: the config dir (local) or an S3-compatible bucket. */
  storage: StorageConfig;
  /** Log lines kept in memory for GET /logs; 0 disables log retrieval. */
  logRetrieverBufferSize: number;
  execution: ExecutionConfig;
}

/** Job execution (src/execution): process role, limits, queue naming. */
export interface ExecutionConfig {
  /** api: serve HTTP and enqueue; worker: run queued jobs; both: everything (the default). */
  processRole: 'api' | 'worker' | 'both';
  /** A run or build is aborted after this many seconds (0: never). */
  runTimeoutSeconds: number;
  /** Non-streaming /run requests executed at once in the API process; more wait their turn. */
  runConcurrency: number;
  /** Queued jobs (builds, webhooks, queued runs) a worker runs at once. */
  workerConcurrency: number;
  /** On shutdown, running jobs get this long to finish before they are failed. */
  shutdownGraceSeconds: number;
  /** Key prefix of the BullMQ queue and job event streams in Redis. */
  redisPrefix: string;
  /** Compiled flow plans kept in memory (LRU). */
  planCacheSize: number;
  /** Record a transaction per vertex for /run and webhook runs too (builds always record them). */
  logRunTransactions: boolean;
}

/** Files storage (src/files/storage): LANGFLOW_STORAGE_TYPE and the object storage settings. */
export interface StorageConfig {
  type: 'local' | 's3';
  bucket: string;
  prefix: string;
  endpointUrl: string | undefined;
  region: string | undefined;
  forcePathStyle: boolean;
}

export type SameSite = 'lax' | 'strict' | 'none';
export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical';

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

class EnvReader {
  private readonly errors: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      this.errors.push(`${name}: expected an integer between ${min} and ${max}, got "${value}"`);
      return fallback;
    }
    return parsed;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (['1', 'true', 'yes', 'on', 't', 'y'].includes(lower)) return true;
    if (['0', 'false', 'no', 'off', 'f', 'n'].includes(lower)) return false;
    this.errors.push(`${name}: expected true or false, got "${value}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase() as T;
    if (!allowed.includes(lower)) {
      this.errors.push(`${name}: expected one of ${allowed.join(', ')}, got "${value}"`);
      return fallback;
    }
    return lower;
  }

  url(name: string, protocols: string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
    } catch {
      this.errors.push(`${name}: expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}, got "${value}"`);
    }
    return value;
  }

  fail(message: string): void {
    this.errors.push(message);
  }

  done(): void {
    if (this.errors.length) {
      throw new ConfigError(`Invalid configuration:\n  - ${this.errors.join('\n  - ')}`);
    }
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || host.startsWith('127.');
}

export function defaultConfigDir(): string {
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'nestflow');
}

export function parseEnv(env: Env): AppConfig {
  const r = new EnvReader(env);
  const sameSites = ['lax', 'strict', 'none'] as const;
  const host = r.string('LANGFLOW_HOST', '127.0.0.1');
  const configDir = r.string('LANGFLOW_CONFIG_DIR', defaultConfigDir());
  const autoLogin = r.bool('LANGFLOW_AUTO_LOGIN', true);
  const allowAutoLoginOnPublicHost = r.bool('NESTFLOW_ALLOW_AUTO_LOGIN_ON_PUBLIC_HOST', false);
  const databaseUrl = r.url('LANGFLOW_DATABASE_URL', ['postgresql:', 'postgres:', 'sqlite:']);
  const corsOrigins = r.string('LANGFLOW_CORS_ORIGINS', '*');
  const secretKey = r.raw('LANGFLOW_SECRET_KEY');
  if (secretKey !== undefined && secretKey.length < 16) {
    r.fail('LANGFLOW_SECRET_KEY: expected at least 16 characters');
  }

  const config: AppConfig = {
    host,
    port: r.int('LANGFLOW_PORT', 7860, 0, 65535),
    configDir,
    knowledgeBasesDir: r.string('LANGFLOW_KNOWLEDGE_BASES_DIR', join(configDir, 'knowledge_bases')),
    databaseUrl,
    secretKey,
    autoLogin,
    skipAuthAutoLogin: r.bool('LANGFLOW_SKIP_AUTH_AUTO_LOGIN', false),
    allowAutoLoginOnPublicHost,
    // As in Langflow, auto-login pins the superuser to langflow/langflow.
    superuser: autoLogin ? 'langflow' : r.string('LANGFLOW_SUPERUSER', 'langflow'),
    superuserPassword: autoLogin ? 'langflow' : r.string('LANGFLOW_SUPERUSER_PASSWORD', 'langflow'),
    newUserIsActive: r.bool('LANGFLOW_NEW_USER_IS_ACTIVE', false),
    accessTokenExpireSeconds: r.int('LANGFLOW_ACCESS_TOKEN_EXPIRE_SECONDS', 3600, 1),
    refreshTokenExpireSeconds: r.int('LANGFLOW_REFRESH_TOKEN_EXPIRE_SECONDS', 604800, 1),
    cors: {
      origins: corsOrigins === '*' ? '*' : corsOrigins.split(',').map((o) => o.trim()).filter(Boolean),
      allowCredentials: r.bool('LANGFLOW_CORS_ALLOW_CREDENTIALS', true),
      allowMethods: r.string('LANGFLOW_CORS_ALLOW_METHODS', '*'),
      allowHeaders: r.string('LANGFLOW_CORS_ALLOW_HEADERS', '*'),
    },
    cookies: {
      accessSameSite: r.oneOf('LANGFLOW_ACCESS_SAME_SITE', sameSites, 'lax'),
      accessSecure: r.bool('LANGFLOW_ACCESS_SECURE', false),
      accessHttpOnly: r.bool('LANGFLOW_ACCESS_HTTPONLY', false),
      refreshSameSite: r.oneOf('LANGFLOW_REFRESH_SAME_SITE', sameSites, 'none'),
      refreshSecure: r.bool('LANGFLOW_REFRESH_SECURE', true),
      refreshHttpOnly: r.bool('LANGFLOW_REFRESH_HTTPONLY', true),
      domain: r.raw('LANGFLOW_COOKIE_DOMAIN'),
    },
    maxFileSizeUploadMb: r.int('LANGFLOW_MAX_FILE_SIZE_UPLOAD', 1024, 1),
    logLevel: r.oneOf('LANGFLOW_LOG_LEVEL', ['debug', 'info', 'warning', 'error', 'critical'], 'info'),
    redisUrl: r.url('LANGFLOW_REDIS_URL', ['redis:', 'rediss:']),
    disableTrackApiKeyUsage: r.bool('LANGFLOW_DISABLE_TRACK_APIKEY_USAGE', false),
    webhookAuthEnable: r.bool('LANGFLOW_WEBHOOK_AUTH_ENABLE', false),
    fallbackToEnvVar: r.bool('LANGFLOW_FALLBACK_TO_ENV_VAR', true),
    defaultFolderName: r.string('DEFAULT_FOLDER_NAME', 'Starter Project'),
    createStarterProjects: r.bool('LANGFLOW_CREATE_STARTER_PROJECTS', true),
    updateStarterProjects: r.bool('LANGFLOW_UPDATE_STARTER_PROJECTS', true),
    removeApiKeys: r.bool('LANGFLOW_REMOVE_API_KEYS', false),
    hideGettingStartedProgress: r.bool('HIDE_GETTING_STARTED_PROGRESS', false),
    eventDelivery: r.oneOf('LANGFLOW_EVENT_DELIVERY', ['streaming', 'polling', 'direct'], 'streaming'),
    frontend: {
      timeout: r.int('LANGFLOW_FRONTEND_TIMEOUT', 0),
      autoSaving: r.bool('LANGFLOW_AUTO_SAVING', true),
      autoSavingInterval: r.int('LANGFLOW_AUTO_SAVING_INTERVAL', 1000),
      healthCheckMaxRetries: r.int('LANGFLOW_HEALTH_CHECK_MAX_RETRIES', 5),
      webhookPollingInterval: r.int('LANGFLOW_WEBHOOK_POLLING_INTERVAL', 5000),
      publicFlowCleanupInterval: r.int('LANGFLOW_PUBLIC_FLOW_CLEANUP_INTERVAL', 3600),
      publicFlowExpiration: r.int('LANGFLOW_PUBLIC_FLOW_EXPIRATION', 86400),
    },
    maxTextLength: r.int('LANGFLOW_MAX_TEXT_LENGTH', 6000, 1),
    maxItemsLength: r.int('LANGFLOW_MAX_ITEMS_LENGTH', 1000, 1),
    maxTransactionsToKeep: r.int('LANGFLOW_MAX_TRANSACTIONS_TO_KEEP', 3000, 1),
    maxVertexBuildsToKeep: r.int('LANGFLOW_MAX_VERTEX_BUILDS_TO_KEEP', 3000, 1),
    maxVertexBuildsPerVertex: r.int('LANGFLOW_MAX_VERTEX_BUILDS_PER_VERTEX', 2, 1),
    featureFlags: readFeatureFlags(env, r),
    storage: {
      type: r.oneOf('LANGFLOW_STORAGE_TYPE', ['local', 's3'], 'local'),
      bucket: r.string('LANGFLOW_OBJECT_STORAGE_BUCKET_NAME', 'langflow-bucket'),
      prefix: r.string('LANGFLOW_OBJECT_STORAGE_PREFIX', 'files').replace(/^\/+|\/+$/g, ''),
      endpointUrl: r.url('LANGFLOW_OBJECT_STORAGE_ENDPOINT_URL', ['http:', 'https:']) ?? r.url('AWS_ENDPOINT_URL_S3', ['http:', 'https:']) ?? r.url('AWS_ENDPOINT_URL', ['http:', 'https:']),
      region: r.raw('LANGFLOW_OBJECT_STORAGE_REGION') ?? r.raw('AWS_REGION') ?? r.raw('AWS_DEFAULT_REGION'),
      forcePathStyle: r.bool('LANGFLOW_OBJECT_STORAGE_FORCE_PATH_STYLE', false),
    },
    logRetrieverBufferSize: r.int('LANGFLOW_LOG_RETRIEVER_BUFFER_SIZE', 10000, 0, 1_000_000),
    execution: {
      processRole: r.oneOf('NESTFLOW_PROCESS_ROLE', ['api', 'worker', 'both'], 'both'),
      runTimeoutSeconds: r.int('NESTFLOW_RUN_TIMEOUT_SECONDS', 300),
      runConcurrency: r.int('NESTFLOW_RUN_CONCURRENCY', 64, 1),
      workerConcurrency: r.int('NESTFLOW_WORKER_CONCURRENCY', 16, 1),
      shutdownGraceSeconds: r.int('NESTFLOW_SHUTDOWN_GRACE_SECONDS', 10),
      redisPrefix: r.string('NESTFLOW_REDIS_PREFIX', 'nestflow'),
      planCacheSize: r.int('NESTFLOW_PLAN_CACHE_SIZE', 256, 1),
      logRunTransactions: r.bool('NESTFLOW_LOG_RUN_TRANSACTIONS', false),
    },
  };
  if (config.execution.processRole !== 'both' && !config.redisUrl) {
    r.fail(`NESTFLOW_PROCESS_ROLE: "${config.execution.processRole}" needs LANGFLOW_REDIS_URL (without Redis one process does everything)`);
  }

  if (config.autoLogin && !isLoopbackHost(host) && !allowAutoLoginOnPublicHost) {
    r.fail(
      `LANGFLOW_AUTO_LOGIN: auto-login hands a superuser token to anyone who can reach the server, ` +
        `and LANGFLOW_HOST=${host} is not a loopback address. Set LANGFLOW_AUTO_LOGIN=false with ` +
        `LANGFLOW_SUPERUSER/LANGFLOW_SUPERUSER_PASSWORD, or opt in with NESTFLOW_ALLOW_AUTO_LOGIN_ON_PUBLIC_HOST=true`,
    );
  }
  r.done();
  return config;
}

function readFeatureFlags(env: Env, r: EnvReader): Record<string, boolean> {
  const flags: Record<string, boolean> = { mvp_components: false };
  for (const name of Object.keys(env)) {
    if (name.startsWith('LANGFLOW_FEATURE_')) {
      flags[name.slice('LANGFLOW_FEATURE_'.length).toLowerCase()] = r.bool(name, false);
    }
  }
  return flags;
}
