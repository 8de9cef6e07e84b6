import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Flow } from '../flows/flow.entity';

/** The two flow questions the files area asks, reading only ids (never the graph). */
@Injectable()
export class FlowAccessRepository {
  constructor(@InjectRepository(Flow) private readonly flows: Repository<Flow>) {}

  /** True when the flow exists and belongs to the user (Langflow's get_flow). */
  async isOwnedBy(flowId: string, userId: string): Promise<boolean> {
    return (await this.flows.count({ where: { id: flowId, user_id: userId } })) > 0;
  }

  async exists(flowId: string): Promise<boolean> {
    return (await this.flows.count({ where: { id: flowId } })) > 0;
  }

  async flowIdsOf(userId: string): Promise<string[]> {
    const rows = await this.flows.find({ select: { id: true }, where: { user_id: userId } });
    return rows.map((row) => row.id);
  }
}
