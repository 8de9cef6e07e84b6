import { IsDefined, IsObject, IsOptional, IsString, MinLength } from 'class-validator';

export class CreateUserDto {
  /** Unique login name. */
  @IsDefined()
  @IsString()
  @MinLength(1)
  username: string;

  @IsDefined()
  @IsString()
  @MinLength(1)
  password: string;

  @IsOptional()
  @IsObject()
  optins?: Record<string, unknown>;
}
