import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/decorators/auth.decorator';
import { StarterProjectDump, StarterProjectsService } from './starter-projects.service';

@ApiTags('Flows')
@Controller('api/v1/starter-projects')
export class StarterProjectsController {
  constructor(private readonly starters: StarterProjectsService) {}

  /** Nestflow's starter templates as graph dumps. */
  @Get('/')
  @Authenticated()
  list(): StarterProjectDump[] {
    return this.starters.list();
  }
}
