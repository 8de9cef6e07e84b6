import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, ServerConfig } from '../config/config.module';

export type TokenType = 'access' | 'refresh';
export interface TokenClaims {
  sub: string;
  type: TokenType;
  exp: number;
}

const AUTO_LOGIN_TOKEN_SECONDS = 365 * 24 * 3600;

/** HS256 JWTs with Langflow's claims: {"sub": user id, "type": access|refresh, "exp"}. */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService, @Inject(APP_CONFIG) private readonly config: ServerConfig) {}

  accessToken(userId: string, expiresInSeconds = this.config.accessTokenExpireSeconds): string {
    return this.jwt.sign({ sub: userId, type: 'access' }, { expiresIn: expiresInSeconds });
  }

  autoLoginAccessToken(userId: string): string {
    return this.accessToken(userId, AUTO_LOGIN_TOKEN_SECONDS);
  }

  refreshToken(userId: string): string {
    return this.jwt.sign({ sub: userId, type: 'refresh' }, { expiresIn: this.config.refreshTokenExpireSeconds });
  }

  /** The claims of a valid token, or null. */
  verify(token: string): TokenClaims | null {
    try {
      return this.jwt.verify<TokenClaims>(token);
    } catch {
      return null;
    }
  }
}
