import { Module } from '@nestjs/common';
import { VariablesModule } from '../../variables/variables.module';
import { ModelsController } from './models.controller';
import { ModelsService } from './models.service';

/** Read-only /api/v1/models* and /model_options/* from the models our components support. */
@Module({
  imports: [VariablesModule],
  controllers: [ModelsController],
  providers: [ModelsService],
})
export class ModelsModule {}
