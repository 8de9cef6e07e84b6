import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A named readiness check; the execution area registers its queue here. */
export type HealthProbe = () => Promise<void>;

export interface HealthReport {
  status: 'ok' | 'nok';
  chat: string;
  db: string;
}

@Injectable()
export class HealthService {
  private readonly chatProbes: HealthProbe[] = [];

  constructor(private readonly dataSource: DataSource) {}

  /** Adds a check reported under "chat" (Langflow's name for its cache and queue). */
  registerChatProbe(probe: HealthProbe): void {
    this.chatProbes.push(probe);
  }

  async check(): Promise<HealthReport> {
    const [db, chat] = await Promise.all([this.checkDb(), this.checkChat()]);
    return { status: db === 'ok' && chat === 'ok' ? 'ok' : 'nok', chat, db };
  }

  private async checkDb(): Promise<string> {
    try {
      await this.dataSource.query('SELECT 1');
      return 'ok';
    } catch {
      return 'error check the server logs';
    }
  }

  private async checkChat(): Promise<string> {
    try {
      await Promise.all(this.chatProbes.map((probe) => probe()));
      return 'ok';
    } catch {
      return 'error check the server logs';
    }
  }
}
