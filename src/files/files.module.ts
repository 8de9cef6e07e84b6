import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Flow } from '../flows/flow.entity';
import { FlowEvents } from '../flows/flow-events';
import { EngineFileStorage } from './engine-file-storage';
import { DeprecatedUploadController, FilesV1Controller } from './files-v1.controller';
import { FilesV2Controller } from './files-v2.controller';
import { FilesService } from './files.service';
import { FlowAccessRepository } from './flow-access.repository';
import { ProfilePicturesService } from './profile-pictures/profile-pictures.service';
import { storageProvider } from './storage/storage.provider';
import { STORAGE, StoragePort } from './storage/storage.port';
import { UserFile } from './user-file.entity';
import { UserFilesRepository } from './user-files.repository';
import { UserFilesService } from './user-files.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserFile, Flow])],
  controllers: [FilesV1Controller, DeprecatedUploadController, FilesV2Controller],
  providers: [
    storageProvider,
    {
      provide: EngineFileStorage,
      useFactory: (storage: StoragePort, userFiles: UserFilesService) =>
        new EngineFileStorage(storage).withAfterWrite((namespace, name, size) =>
          // The bytes are stored either way; a failed listing must not fail the component.
          userFiles.registerEngineWrite(namespace, name, size).catch((error: Error) =>
            new Logger('EngineFileStorage').warn(`Could not list ${namespace}/${name} as a user file: ${error.message}`),
          ),
        ),
      inject: [STORAGE, UserFilesService],
    },
    FilesService,
    UserFilesService,
    FlowAccessRepository,
    UserFilesRepository,
    ProfilePicturesService,
  ],
  exports: [STORAGE, EngineFileStorage, FilesService],
})
export class FilesModule implements OnModuleInit {
  constructor(private readonly flowEvents: FlowEvents, private readonly files: FilesService) {}

  onModuleInit(): void {
    // A deleted flow takes its v1 files with it, whichever route deleted it.
    this.flowEvents.onDeleted((flowIds) => this.files.deleteFlowsFiles(flowIds));
  }
}
