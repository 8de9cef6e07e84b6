import { IsBoolean, IsDateString, IsObject, IsOptional, IsString, MinLength } from 'class-validator';

export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  username?: string;

  @IsOptional()
  @IsString()
  profile_image?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  password?: string;

  @IsOptional()
  @IsBoolean()
  is_active?: boolean;

  @IsOptional()
  @IsBoolean()
  is_superuser?: boolean;

  @IsOptional()
  @IsDateString()
  last_login_at?: string;

  @IsOptional()
  @IsObject()
  optins?: Record<string, unknown>;
}

export class ResetPasswordDto {
  @IsString()
  @MinLength(1)
  password: string;
}
