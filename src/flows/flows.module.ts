import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, ServerConfig } from '../config/config.module';
import { ProjectsStoreModule } from '../projects/projects-store.module';
import { Flow } from './flow.entity';
import { FlowsController } from './flows.controller';
import { FlowsRepository } from './flows.repository';
import { FlowsService } from './flows.service';

/** Uploads are held in memory up to LANGFLOW_MAX_FILE_SIZE_UPLOAD, the same cap as JSON bodies. */
export const uploadLimits = {
  inject: [APP_CONFIG],
  useFactory: (config: ServerConfig) => ({ limits: { fileSize: config.maxFileSizeUploadMb * 1024 * 1024, files: 1 } }),
};

@Module({
  imports: [TypeOrmModule.forFeature([Flow]), ProjectsStoreModule, MulterModule.registerAsync(uploadLimits)],
  controllers: [FlowsController],
  providers: [FlowsService, FlowsRepository],
  exports: [FlowsService, FlowsRepository],
})
export class FlowsModule {}
