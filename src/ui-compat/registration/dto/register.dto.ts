import { IsDefined, IsEmail, IsString, MaxLength } from 'class-validator';

/** POST /api/v2/registration/ body. */
export class RegisterDto {
  @IsDefined()
  @IsString()
  @MaxLength(320)
  @IsEmail()
  email: string;
}
