import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ExecutionModule } from '../execution/execution.module';
import { BuildController } from './build.controller';
import { BuildService } from './build.service';
import { JobAccess } from './job-access';

/** The Playground's /build HTTP surface, on the execution module's jobs. */
@Module({
  imports: [ExecutionModule, AuthModule],
  controllers: [BuildController],
  providers: [BuildService, JobAccess],
  exports: [BuildService, JobAccess],
})
export class BuildModule {}
