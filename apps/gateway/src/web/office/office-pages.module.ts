import { Module } from '@nestjs/common';
import { OfficePageGuard } from './office-page.guard';
import { OfficePages } from './office-pages';
import { OfficeSessions } from './sessions';

/** The clerk pages' shell: sessions, the page guard and the page helpers every feature's pages use. */
@Module({
  providers: [OfficeSessions, OfficePages, OfficePageGuard],
  exports: [OfficeSessions, OfficePages, OfficePageGuard],
})
export class OfficePagesModule {}
