import { repoRoot } from '@app/infra';
import { join } from 'node:path';

/** `libs/clickhouse/migrations` of this repository: the numbered `NNNN_name.sql` ClickHouse migrations. */
export const MIGRATIONS_DIR: string = join(repoRoot(), 'libs', 'clickhouse', 'migrations');
