import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DefaultProjectService } from './default-project.service';
import { Folder } from './folder.entity';
import { ProjectsRepository } from './projects.repository';

/**
 * Folder storage and the default project, below both flows and projects so
 * flows can find a home without FlowsModule depending on ProjectsModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Folder])],
  providers: [ProjectsRepository, DefaultProjectService],
  exports: [ProjectsRepository, DefaultProjectService],
})
export class ProjectsStoreModule {}
