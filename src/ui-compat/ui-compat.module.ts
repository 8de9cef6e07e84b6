import { Module } from '@nestjs/common';
import { CustomComponentsModule } from './custom-components/custom-components.module';
import { KnowledgeBasesModule } from './knowledge-bases/knowledge-bases.module';
import { LegacyBuildModule } from './legacy-build/legacy-build.module';
import { ModelsModule } from './models/models.module';
import { RegistrationModule } from './registration/registration.module';
import { StoreModule } from './store/store.module';

/** Calls Langflow's web UI makes beyond the core API: one module per group. */
@Module({
  imports: [CustomComponentsModule, LegacyBuildModule, StoreModule, ModelsModule, KnowledgeBasesModule, RegistrationModule],
})
export class UiCompatModule {}
