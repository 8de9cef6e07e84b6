import { Module } from '@nestjs/common';
import { ExecutionModule } from '../execution/execution.module';
import { ResponsesController } from './responses.controller';
import { ResponsesService } from './responses.service';

/** POST /api/v1/responses: Langflow's OpenAI-compatible Responses API over the execution layer. */
@Module({
  imports: [ExecutionModule],
  controllers: [ResponsesController],
  providers: [ResponsesService],
})
export class ResponsesModule {}
