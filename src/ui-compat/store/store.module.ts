import { Module } from '@nestjs/common';
import { StoreController } from './store.controller';

/** /api/v1/store/check*, /tags: the store is disabled on Nestflow. */
@Module({ controllers: [StoreController] })
export class StoreModule {}
