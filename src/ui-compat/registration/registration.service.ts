import { Inject, Injectable } from '@nestjs/common';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { APP_CONFIG, ServerConfig } from '../../config/config.module';

export interface Registration {
  email: string;
  registered_at: string;
}

/**
 * Langflow's product registration: one email for the install, kept in
 * <config dir>/registration.json (a new registration replaces the previous one). Nothing is sent anywhere.
 */
@Injectable()
export class RegistrationService {
  private readonly file: string;

  constructor(@Inject(APP_CONFIG) config: ServerConfig) {
    this.file = path.join(config.configDir, 'registration.json');
  }

  async register(email: string): Promise<{ email: string }> {
    const record: Registration = { email, registered_at: new Date().toISOString() };
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(record));
    await fs.rename(tmp, this.file);
    return { email };
  }

  async get(): Promise<Registration | { message: string }> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8'));
      if (parsed && typeof parsed.email === 'string') return parsed as Registration;
    } catch {
      // no registration yet (or an unreadable file)
    }
    return { message: 'No user registered' };
  }
}
