import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthUser } from '../../common/decorators/current-user.decorator';
import { unauthorized } from '../../common/http/http-error';
import { APP_CONFIG, ServerConfig } from '../../config/config.module';
import type { TokenClaims } from '../token.service';
import { AuthService } from '../auth.service';

export const ACCESS_COOKIE = 'access_token_lf';

const fromBearerOrCookie = ExtractJwt.fromExtractors([
  ExtractJwt.fromAuthHeaderAsBearerToken(),
  (req: Request) => (req.cookies?.[ACCESS_COOKIE] as string | undefined) ?? null,
]);

export function requestCarriesJwt(req: Request): boolean {
  return fromBearerOrCookie(req) !== null;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(private readonly auth: AuthService, @Inject(APP_CONFIG) config: ServerConfig) {
    // A KeyObject, not the string: jsonwebtoken 9 first tries to parse a string secret as a PEM
    // public key (createPublicKey) on every verify, which cost half the CPU of a JWT request.
    // (@types/passport-jwt only lists string | Buffer; passport-jwt hands the key to jsonwebtoken as is.)
    const key = createSecretKey(Buffer.from(config.secret)) as unknown as Buffer;
    super({ jwtFromRequest: fromBearerOrCookie, secretOrKey: key, algorithms: ['HS256'] });
  }

  async validate(claims: TokenClaims): Promise<AuthUser> {
    if (claims.type !== 'access') throw unauthorized('Token is invalid.');
    if (!claims.sub) throw unauthorized('Invalid token details.');
    const user = await this.auth.userById(claims.sub);
    if (!user || !user.is_active) throw unauthorized('User not found or is inactive.');
    return user;
  }
}
