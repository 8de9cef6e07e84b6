import { Module } from '@nestjs/common';
import { ExecutionModule } from '../../execution/execution.module';
import { LegacyBuildController } from './legacy-build.controller';
import { LegacyBuildService } from './legacy-build.service';

/** Langflow's deprecated per-vertex build routes (POST /build/{flow_id}/vertices[/{vertex_id}]). */
@Module({
  imports: [ExecutionModule],
  controllers: [LegacyBuildController],
  providers: [LegacyBuildService],
})
export class LegacyBuildModule {}
