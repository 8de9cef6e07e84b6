import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/decorators/auth.decorator';
import { HttpError } from '../common/http/http-error';
import { HealthReport, HealthService } from './health.service';

@ApiTags('Health Check')
@Controller()
@Public()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Liveness: answers while the process runs, without touching the database. */
  @Get('health')
  live(): { status: string } {
    return { status: 'ok' };
  }

  /** Readiness: the database and the queue answer; 500 with the report otherwise. */
  @Get('health_check')
  async ready(): Promise<HealthReport> {
    const report = await this.health.check();
    if (report.status !== 'ok') throw new HttpError(500, report);
    return report;
  }
}
