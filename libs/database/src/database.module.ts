import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { dataSourceOptions, databaseConfigFromEnv } from './data-source';
import { KeyRing } from './key-ring';

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
