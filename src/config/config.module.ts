import { Global, Module } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { AppConfig, parseEnv } from './env';
import { resolveSecretKey } from './secret-key';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** The resolved configuration: AppConfig plus values derived at start. */
export interface ServerConfig extends AppConfig {
  secret: string;
}

export function loadServerConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const config = parseEnv(env);
  mkdirSync(config.configDir, { recursive: true });
  return { ...config, secret: resolveSecretKey(config.configDir, config.secretKey) };
}

@Global()
@Module({
  providers: [{ provide: APP_CONFIG, useFactory: () => loadServerConfig() }],
  exports: [APP_CONFIG],
})
export class ConfigModule {}
