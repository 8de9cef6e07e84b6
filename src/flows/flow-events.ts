import { Global, Injectable, Logger, Module } from '@nestjs/common';

type DeletedListener = (flowIds: string[]) => Promise<void> | void;

/**
 * Lets other areas react when flows are deleted (their stored files go too,
 * cached plans are dropped) without the flows area depending on them. Rows in
 * the database follow by ON DELETE CASCADE; this is for what lives elsewhere.
 */
@Injectable()
export class FlowEvents {
  private readonly logger = new Logger(FlowEvents.name);
  private readonly deleted: DeletedListener[] = [];

  onDeleted(listener: DeletedListener): void {
    this.deleted.push(listener);
  }

  /** Runs every listener; one failing is logged and does not stop the others or the delete. */
  async emitDeleted(flowIds: string[]): Promise<void> {
    if (!flowIds.length) return;
    for (const listener of this.deleted) {
      try {
        await listener(flowIds);
      } catch (error) {
        this.logger.warn(`Cleanup after deleting ${flowIds.length} flow(s) failed: ${(error as Error).message}`);
      }
    }
  }
}

@Global()
@Module({ providers: [FlowEvents], exports: [FlowEvents] })
export class FlowEventsModule {}
