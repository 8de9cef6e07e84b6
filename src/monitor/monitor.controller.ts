import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/decorators/auth.decorator';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { uuidParam } from '../common/validation/uuid-param.pipe';
import {
  FlowIdQueryDto, MessageReadDto, MessageResponseDto, MessagesQueryDto, MessageUpdateDto, RenameSessionQueryDto,
  SessionsQueryDto, TransactionsPageDto, TransactionsQueryDto, VertexBuildMapDto, VertexBuildReadDto,
} from './dto/monitor.dto';
import { MonitorService } from './monitor.service';
import { UuidListBodyPipe } from './uuid-list.pipe';

@ApiTags('Monitor')
@ApiExtraModels(VertexBuildReadDto)
@Controller('api/v1/monitor')
@Authenticated()
export class MonitorController {
  constructor(private readonly monitor: MonitorService) {}

  /** Last builds of each vertex of one of your flows. */
  @Get('builds')
  builds(@CurrentUser() caller: AuthUser, @Query() q: FlowIdQueryDto): Promise<VertexBuildMapDto> {
    return this.monitor.vertexBuilds(caller, q.flow_id);
  }

  /** Delete the recorded builds of one of your flows. */
  @Delete('builds')
  @HttpCode(204)
  deleteBuilds(@CurrentUser() caller: AuthUser, @Query() q: FlowIdQueryDto): Promise<void> {
    return this.monitor.deleteVertexBuilds(caller, q.flow_id);
  }

  /** Messages of your flows, filtered by flow, session, sender or sender name. */
  @Get('messages')
  messages(@CurrentUser() caller: AuthUser, @Query() q: MessagesQueryDto): Promise<MessageResponseDto[]> {
    return this.monitor.listMessages(caller, q);
  }

  /** Distinct session ids of your flows' messages. */
  @Get('messages/sessions')
  sessions(@CurrentUser() caller: AuthUser, @Query() q: SessionsQueryDto): Promise<string[]> {
    return this.monitor.sessions(caller, q.flow_id);
  }

  /** Delete messages by id (only those of your flows). */
  @Delete('messages')
  @HttpCode(204)
  @ApiBody({ schema: { type: 'array', items: { type: 'string', format: 'uuid' } } })
  deleteMessages(@CurrentUser() caller: AuthUser, @Body(new UuidListBodyPipe()) ids: string[]): Promise<void> {
    return this.monitor.deleteMessages(caller, ids);
  }

  /** Edit a message; a text change sets `edit`. */
  @Put('messages/:message_id')
  updateMessage(
    @CurrentUser() caller: AuthUser,
    @Param('message_id', uuidParam('message_id')) id: string,
    @Body() dto: MessageUpdateDto,
  ): Promise<MessageReadDto> {
    return this.monitor.updateMessage(caller, id, dto);
  }

  /** Move a session's messages to a new session id. */
  @Patch('messages/session/:old_session_id')
  renameSession(
    @CurrentUser() caller: AuthUser,
    @Param('old_session_id') oldId: string,
    @Query() q: RenameSessionQueryDto,
  ): Promise<MessageResponseDto[]> {
    return this.monitor.renameSession(caller, oldId, q.new_session_id);
  }

  /** Delete every message of a session (of your flows). */
  @Delete('messages/session/:session_id')
  @HttpCode(204)
  deleteSession(@CurrentUser() caller: AuthUser, @Param('session_id') sessionId: string): Promise<void> {
    return this.monitor.deleteSession(caller, sessionId);
  }

  /** Your flow's component runs (Logs), newest first, paginated. */
  @Get('transactions')
  transactions(@CurrentUser() caller: AuthUser, @Query() q: TransactionsQueryDto): Promise<TransactionsPageDto> {
    return this.monitor.transactions(caller, q);
  }
}
