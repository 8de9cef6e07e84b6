import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The authenticated caller, as the auth guard puts it on the request. */
export interface AuthUser {
  id: string;
  username: string;
  is_active: boolean;
  is_superuser: boolean;
}

export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user,
);
