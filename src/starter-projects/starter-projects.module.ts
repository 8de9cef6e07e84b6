import { Module } from '@nestjs/common';
import { FlowsModule } from '../flows/flows.module';
import { ProjectsStoreModule } from '../projects/projects-store.module';
import { StarterProjectsController } from './starter-projects.controller';
import { StarterProjectsService } from './starter-projects.service';

@Module({
  imports: [FlowsModule, ProjectsStoreModule],
  controllers: [StarterProjectsController],
  providers: [StarterProjectsService],
  exports: [StarterProjectsService],
})
export class StarterProjectsModule {}
