import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/decorators/auth.decorator';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { uuidParam } from '../common/validation/uuid-param.pipe';
import { CreateVariableDto, UpdateVariableDto, VariableReadDto } from './dto/variable.dto';
import { VariablesService } from './variables.service';

@ApiTags('Variables')
@Controller('api/v1/variables')
@Authenticated()
export class VariablesController {
  constructor(private readonly variables: VariablesService) {}

  /** Create a global variable; Credential values are never returned. */
  @Post('/')
  @HttpCode(201)
  create(@CurrentUser() caller: AuthUser, @Body() dto: CreateVariableDto): Promise<VariableReadDto> {
    return this.variables.create(caller, dto);
  }

  /** The caller's variables (internal `__name__` ones hidden). */
  @Get('/')
  list(@CurrentUser() caller: AuthUser): Promise<VariableReadDto[]> {
    return this.variables.list(caller);
  }

  /** Change a variable's name, value, type or default fields. */
  @Patch(':variable_id')
  update(
    @CurrentUser() caller: AuthUser,
    @Param('variable_id', uuidParam('variable_id')) id: string,
    @Body() dto: UpdateVariableDto,
  ): Promise<VariableReadDto> {
    return this.variables.update(caller, id, dto);
  }

  /** Delete a variable. */
  @Delete(':variable_id')
  @HttpCode(204)
  delete(@CurrentUser() caller: AuthUser, @Param('variable_id', uuidParam('variable_id')) id: string): Promise<void> {
    return this.variables.delete(caller, id);
  }
}
