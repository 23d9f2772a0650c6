import { Module } from '@nestjs/common';
import { OfficePagesModule } from '../web/office/office-pages.module';
import { StaffAdminService } from './staff-admin.service';
import { StaffAuthService } from './staff-auth.service';
import { StaffController } from './staff.controller';

/** Named staff accounts: invitations, the two-factor sign-in, and the admin's staff page. */
@Module({
  imports: [OfficePagesModule],
  controllers: [StaffController],
  providers: [StaffAuthService, StaffAdminService],
})
export class StaffModule {}
