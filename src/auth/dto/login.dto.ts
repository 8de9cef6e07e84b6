import { IsOptional, IsString } from 'class-validator';

/** OAuth2 password form: username and password (the other OAuth2 fields are ignored). */
export class LoginFormDto {
  @IsOptional()
  @IsString()
  username?: string;

  @IsOptional()
  @IsString()
  password?: string;
}

export class TokenResponseDto {
  access_token: string;
  refresh_token: string | null;
  token_type: string;
}
