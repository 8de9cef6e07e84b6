import { Logger, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import Redis from 'ioredis';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { VariablesModule } from '../variables/variables.module';
import { FilesModule } from '../files/files.module';
import { MonitorModule } from '../monitor/monitor.module';
import { DeprecatedRunController } from './deprecated.controller';
import { EngineHost, enginePortsProvider, runHooksProvider } from './engine.provider';
import { InMemoryJobStore } from './events/in-memory.job-store';
import { JOB_STORE } from './events/job-store';
import { RedisJobStore } from './events/redis.job-store';
import { ExecutionService } from './execution.service';
import { FlowLookupMiddleware } from './flow-lookup.middleware';
import { FlowSource } from './flow-source';
import { JobRunner } from './job-runner';
import type { BullMqJobQueue } from './queue/bullmq.job-queue';
import { InProcessJobQueue } from './queue/in-process.job-queue';
import { JOB_QUEUE } from './queue/job-queue';
import { logRedisErrors, redisOptionsFrom } from './redis-options';
import { RunController } from './run.controller';
import { WebhookController } from './webhook.controller';
import { WebhookService } from './webhook.service';

/**
 * Flow execution: /run, /run/advanced, /webhook, and the job queue with per-job event logs used
 * by the build area. In memory by default; BullMQ and Redis streams with LANGFLOW_REDIS_URL.
 */
@Module({
  imports: [ApiKeysModule, VariablesModule, FilesModule, MonitorModule],
  controllers: [RunController, WebhookController, DeprecatedRunController],
  providers: [
    FlowSource,
    enginePortsProvider,
    EngineHost,
    {
      provide: JOB_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: ServerConfig) => {
        if (!config.redisUrl) return new InMemoryJobStore();
        const options = redisOptionsFrom(config.redisUrl, { maxRetriesPerRequest: 3 });
        const commands = new Redis({ ...options, enableAutoPipelining: true });
        const subscriber = new Redis(options);
        const logger = new Logger('RedisJobStore');
        logRedisErrors(commands, logger, 'job store');
        logRedisErrors(subscriber, logger, 'job events');
        return new RedisJobStore(commands, subscriber, config.execution.redisPrefix);
      },
    },
    {
      provide: JOB_QUEUE,
      inject: [APP_CONFIG],
      useFactory: (config: ServerConfig) => {
        if (!config.redisUrl) return new InProcessJobQueue();
        // Loaded only with Redis: bullmq costs ~35-45 ms of start-up to every other server.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { BullMqJobQueue: Queue } = require('./queue/bullmq.job-queue') as { BullMqJobQueue: typeof BullMqJobQueue };
        return new Queue(config.redisUrl, config.execution.redisPrefix);
      },
    },
    runHooksProvider,
    JobRunner,
    ExecutionService,
    WebhookService,
  ],
  exports: [ExecutionService, EngineHost, FlowSource, JOB_STORE],
})
export class ExecutionModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(FlowLookupMiddleware)
      .forRoutes(
        { path: 'api/v1/run/*path', method: RequestMethod.POST }, // also /run/advanced/{flow}
        { path: 'api/v1/webhook/*path', method: RequestMethod.POST },
      );
  }
}
