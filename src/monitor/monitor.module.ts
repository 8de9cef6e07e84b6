import { Module } from '@nestjs/common';
import { DbMessageStore } from './db-message-store';
import { MessageEvents } from './message-events';
import { MonitorController } from './monitor.controller';
import { MonitorRepository } from './monitor.repository';
import { MonitorService } from './monitor.service';
import { RunRecorder } from './run-recorder';

/**
 * Message history, run records and the /api/v1/monitor API.
 * Exports DbMessageStore (the engine's MessageStore port), RunRecorder (transactions and
 * vertex builds) and MessageEvents (live message notifications).
 */
@Module({
  controllers: [MonitorController],
  providers: [DbMessageStore, RunRecorder, MessageEvents, MonitorRepository, MonitorService],
  exports: [DbMessageStore, RunRecorder, MessageEvents],
})
export class MonitorModule {}
