import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated, SuperuserOnly } from '../common/decorators/auth.decorator';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { uuidParam } from '../common/validation/uuid-param.pipe';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQueryDto } from './dto/list-users.query.dto';
import { UserReadDto, UsersPageDto } from './dto/user-read.dto';
import { ResetPasswordDto, UpdateUserDto } from './dto/update-user.dto';
import { UsersService } from './users.service';

@ApiTags('Users')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Create a user (superuser only); new users are inactive unless LANGFLOW_NEW_USER_IS_ACTIVE. */
  @Post('/')
  @HttpCode(201)
  @SuperuserOnly()
  create(@Body() dto: CreateUserDto): Promise<UserReadDto> {
    return this.users.create(dto);
  }

  /** The caller's own user. */
  @Get('whoami')
  @Authenticated()
  whoami(@CurrentUser() caller: AuthUser): Promise<UserReadDto> {
    return this.users.whoami(caller);
  }

  /** All users, paginated by skip/limit (superuser only). */
  @Get('/')
  @SuperuserOnly()
  list(@Query() query: ListUsersQueryDto): Promise<UsersPageDto> {
    return this.users.list(query);
  }

  /** Update a user: yourself, or anyone as a superuser. */
  @Patch(':user_id')
  @Authenticated()
  update(@CurrentUser() caller: AuthUser, @Param('user_id', uuidParam('user_id')) id: string, @Body() dto: UpdateUserDto): Promise<UserReadDto> {
    return this.users.update(caller, id, dto);
  }

  /** Change your own password. */
  @Patch(':user_id/reset-password')
  @Authenticated()
  resetPassword(@CurrentUser() caller: AuthUser, @Param('user_id', uuidParam('user_id')) id: string, @Body() dto: ResetPasswordDto): Promise<UserReadDto> {
    return this.users.resetPassword(caller, id, dto);
  }

  /** Delete another user (superuser only). */
  @Delete(':user_id')
  @SuperuserOnly()
  delete(@CurrentUser() caller: AuthUser, @Param('user_id', uuidParam('user_id')) id: string): Promise<{ detail: string }> {
    return this.users.delete(caller, id);
  }
}
