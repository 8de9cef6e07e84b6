import { Injectable } from '@nestjs/common';

type Listener = (userId: string) => Promise<void> | void;

/**
 * Lets other areas react to a user's creation or login (the projects area
 * makes the default project) without the users area depending on them.
 */
@Injectable()
export class UserEvents {
  private readonly created: Listener[] = [];
  private readonly loggedIn: Listener[] = [];
  private readonly deleting: Listener[] = [];

  onCreated(listener: Listener): void {
    this.created.push(listener);
  }

  onLogin(listener: Listener): void {
    this.loggedIn.push(listener);
  }

  /** Runs before the user row is deleted, so owned data outside the database (files) can go too. */
  onDeleting(listener: Listener): void {
    this.deleting.push(listener);
  }

  async emitCreated(userId: string): Promise<void> {
    for (const listener of this.created) await listener(userId);
  }

  async emitLogin(userId: string): Promise<void> {
    for (const listener of this.loggedIn) await listener(userId);
  }

  async emitDeleting(userId: string): Promise<void> {
    for (const listener of this.deleting) await listener(userId);
  }
}
