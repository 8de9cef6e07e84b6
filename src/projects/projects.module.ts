import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { FlowsModule, uploadLimits } from '../flows/flows.module';
import { FoldersRedirectController, ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';
import { ProjectsStoreModule } from './projects-store.module';

@Module({
  imports: [ProjectsStoreModule, FlowsModule, MulterModule.registerAsync(uploadLimits)],
  controllers: [ProjectsController, FoldersRedirectController],
  providers: [ProjectsService],
  exports: [ProjectsService, ProjectsStoreModule],
})
export class ProjectsModule {}
