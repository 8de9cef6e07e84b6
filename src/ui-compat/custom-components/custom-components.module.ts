import { Module } from '@nestjs/common';
import { CustomComponentsController } from './custom-components.controller';
import { CustomComponentsService } from './custom-components.service';

/** POST /custom_component and /custom_component/update on the native component catalog. */
@Module({
  controllers: [CustomComponentsController],
  providers: [CustomComponentsService],
})
export class CustomComponentsModule {}
