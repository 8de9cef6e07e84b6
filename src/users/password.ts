import * as bcrypt from 'bcryptjs';

// bcryptjs: maintained, pure JS (no native build step on install), bcrypt as Langflow uses.
const COST = 10;

export const hashPassword = (password: string): Promise<string> => bcrypt.hash(password, COST);
export const verifyPassword = (password: string, hash: string): Promise<boolean> => bcrypt.compare(password, hash);
