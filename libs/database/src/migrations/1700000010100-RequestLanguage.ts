import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The language of a request (`en`, `es`: LANGUAGES in libs/contracts vocabulary.ts): the FPCA's
 * language preference, else the language of the voter's page or browser. E-mails, pages and the
 * packet use it (docs/web.md, "Languages"). A language tag is not personal data: it is a column,
 * not part of the sealed body. Requests stored before this migration are English.
 */
export class RequestLanguage1700000010100 implements MigrationInterface {
  name = 'RequestLanguage1700000010100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ballot_requests ADD COLUMN language text NOT NULL DEFAULT 'en'
        CHECK (language IN ('en', 'es'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ballot_requests DROP COLUMN IF EXISTS language`);
  }
}
