// Generated, and ignored by git: migrate must not touch it.
import vault from 'node-vault';
export const generated = vault({ token: process.env.VAULT_TOKEN });
