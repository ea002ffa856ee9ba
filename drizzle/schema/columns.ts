// Column builders every table shares; MariaDB and MySQL 8 both accept what they emit (README, "Development").
import { sql } from 'drizzle-orm';
import { bigint, datetime, int, varchar } from 'drizzle-orm/mysql-core';

/** Auto-increment primary key; `serial()` emits SQL MariaDB rejects. */
export const id = () => bigint({ mode: 'number', unsigned: true }).autoincrement().primaryKey();

/** Foreign key to a table with a numeric id. */
export const ref = () => bigint({ mode: 'number', unsigned: true });

/** Foreign key to users: better-auth user ids are strings. */
export const userRef = () => varchar({ length: 36 });

export const createdAt = () => datetime({ fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`);
export const updatedAt = () =>
  datetime({ fsp: 3 })
    .notNull()
    .default(sql`CURRENT_TIMESTAMP(3)`)
    .$onUpdate(() => new Date());

/** Optimistic-concurrency counter: an update naming an older version is refused as a conflict. */
export const version = () => int().notNull().default(1);

export const timestamps = { createdAt: createdAt(), updatedAt: updatedAt() };
