import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Variable } from './variable.entity';
import { VariablesController } from './variables.controller';
import { VariablesRepository } from './variables.repository';
import { VariablesService } from './variables.service';

@Module({
  imports: [TypeOrmModule.forFeature([Variable])],
  controllers: [VariablesController],
  providers: [VariablesService, VariablesRepository],
  exports: [VariablesService],
})
export class VariablesModule {}
