import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { CatalogModule } from './catalog/catalog.module';
import { LangflowExceptionFilter } from './common/filters/langflow-exception.filter';
import { LangflowValidationPipe } from './common/validation/langflow-validation.pipe';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { BuildModule } from './build/build.module';
import { ExecutionModule } from './execution/execution.module';
import { FilesModule } from './files/files.module';
import { FlowEventsModule } from './flows/flow-events';
import { FlowsModule } from './flows/flows.module';
import { HealthModule } from './health/health.module';
import { LogsModule } from './logs/logs.module';
import { MetaModule } from './meta/meta.module';
import { MonitorModule } from './monitor/monitor.module';
import { ProjectsModule } from './projects/projects.module';
import { RealtimeModule } from './realtime/realtime.module';
import { ResponsesModule } from './responses/responses.module';
import { StarterProjectsModule } from './starter-projects/starter-projects.module';
import { UiCompatModule } from './ui-compat/ui-compat.module';
import { UsersModule } from './users/users.module';
import { VariablesModule } from './variables/variables.module';

@Module({
  // ExecutionModule early: its routes come first in Express's router, so /run matches after fewer entries.
  imports: [ConfigModule, DatabaseModule, FlowEventsModule, ExecutionModule, UsersModule, ApiKeysModule, AuthModule, HealthModule, MetaModule, FilesModule, LogsModule, FlowsModule, ProjectsModule, VariablesModule, CatalogModule, StarterProjectsModule, RealtimeModule, MonitorModule, BuildModule, UiCompatModule, ResponsesModule],
  providers: [
    { provide: APP_PIPE, useClass: LangflowValidationPipe },
    { provide: APP_FILTER, useClass: LangflowExceptionFilter },
  ],
})
export class AppModule {}
