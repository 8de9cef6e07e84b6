import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
import { ApiKeysService } from '../../api-keys/api-keys.service';
import { AuthUser } from '../../common/decorators/current-user.decorator';
import { forbidden } from '../../common/http/http-error';
import { INVALID_API_KEY } from '../api-key-messages';

export const API_KEY_HEADER = 'x-api-key';

/**
 * Reads the key from the x-api-key header. The auth guard first copies a
 * `?x-api-key=` query value over the header, since Langflow lets the query win.
 * passReqToCallback stays false (nestjs/passport#1857).
 */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(HeaderAPIKeyStrategy, 'api-key') {
  constructor(private readonly apiKeys: ApiKeysService) {
    super({ header: API_KEY_HEADER, prefix: '' }, false);
  }

  async validate(apiKey: string): Promise<AuthUser> {
    const user = await this.apiKeys.authenticate(apiKey);
    if (!user) throw forbidden(INVALID_API_KEY);
    return user;
  }
}
