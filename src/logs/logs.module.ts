import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { BufferedLogger } from './buffered-logger';
import { LogBuffer } from './log-buffer';
import { LogsController } from './logs.controller';

/** The in-memory log buffer, the logger that fills it, and the /logs routes. */
@Global()
@Module({
  controllers: [LogsController],
  providers: [
    { provide: LogBuffer, useFactory: (config: ServerConfig) => new LogBuffer(config.logRetrieverBufferSize), inject: [APP_CONFIG] },
    { provide: BufferedLogger, useFactory: (buffer: LogBuffer) => new BufferedLogger(buffer), inject: [LogBuffer] },
  ],
  exports: [LogBuffer, BufferedLogger],
})
export class LogsModule {}
