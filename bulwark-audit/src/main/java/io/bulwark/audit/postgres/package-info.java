/**
 * The PostgreSQL audit sink: copies of the chained records in table {@code audit_records} (migrated
 * by Flyway from {@code db/audit/postgresql}), and verification of that copy.
 */
package io.bulwark.audit.postgres;
