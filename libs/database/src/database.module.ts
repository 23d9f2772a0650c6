import { Global, Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { assertUnprivilegedRole, dataSourceOptions, databaseConfigFromEnv } from './data-source';
import { KeyRing } from './key-ring';

/** Refuses to start on a database role that row-level security would not hold (see assertUnprivilegedRole). */
@Injectable()
export class DatabaseRoleCheck implements OnModuleInit {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async onModuleInit(): Promise<void> {
    await assertUnprivilegedRole(this.ds);
  }
}

@Global()
@Module({})
export class DatabaseModule {
  /** The shared data source (from DATABASE_URL) and the per-jurisdiction key ring (MASTER_KEY). */
  static forRoot(applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions({ ...databaseConfigFromEnv(), applicationName }),
        }),
      ],
      providers: [
        DatabaseRoleCheck,
        {
          provide: KeyRing,
          inject: [getDataSourceToken()],
          useFactory: (ds: DataSource) => new KeyRing(ds, process.env.MASTER_KEY),
        },
      ],
      exports: [KeyRing],
    };
  }
}
