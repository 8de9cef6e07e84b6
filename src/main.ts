import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { APP_CONFIG, loadServerConfig, ServerConfig } from './config/config.module';
import { ConfigError } from './config/env';
import { nestLogLevels } from './config/log-levels';
import { BufferedLogger } from './logs/buffered-logger';

async function bootstrap(): Promise<void> {
  let logLevels;
  let role;
  try {
    // Validate first so a bad variable stops start-up with a readable message.
    const config = loadServerConfig();
    logLevels = nestLogLevels(config.logLevel);
    role = config.execution.processRole;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (role === 'worker') {
    // NESTFLOW_PROCESS_ROLE=worker: runs queued jobs from Redis, serves no HTTP (see README).
    const worker = await NestFactory.createApplicationContext(AppModule, { logger: logLevels });
    worker.enableShutdownHooks();
    Logger.log('Nestflow worker started: taking jobs from the queue', 'Bootstrap');
    return;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, logger: logLevels, bufferLogs: true });
  // Log to stdout as Nest does, and keep recent lines in memory for GET /logs.
  const logger = app.get(BufferedLogger);
  logger.setLogLevels(logLevels);
  app.useLogger(logger);
  configureApp(app);
  const config = app.get<ServerConfig>(APP_CONFIG);
  await app.listen(config.port, config.host);
  Logger.log(`Nestflow listening on http://${config.host}:${config.port}`, 'Bootstrap');
}

void bootstrap();
