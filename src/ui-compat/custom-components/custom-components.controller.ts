import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/decorators/auth.decorator';
import type { FrontendNode } from '../../engine';
import { CustomComponentsService } from './custom-components.service';
import { CustomComponentDto, UpdateCustomComponentDto } from './dto/custom-component.dto';

@ApiTags('Base')
@Controller('api/v1')
@Authenticated()
export class CustomComponentsController {
  constructor(private readonly components: CustomComponentsService) {}

  /** The frontend node of the component type a node's code names ({data, type}); 400 when Nestflow has no such component. */
  @Post('custom_component')
  @HttpCode(200)
  build(@Body() dto: CustomComponentDto): { data: FrontendNode; type: string } {
    return this.components.build(dto);
  }

  /** A node updated for one changed field (dropdowns, real-time-refresh fields, tool mode); 400 for an unknown component. */
  @Post('custom_component/update')
  @HttpCode(200)
  update(@Body() dto: UpdateCustomComponentDto): FrontendNode {
    return this.components.update(dto);
  }
}
