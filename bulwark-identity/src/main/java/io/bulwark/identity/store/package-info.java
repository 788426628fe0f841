/**
 * Storage of the identity server: {@link io.bulwark.identity.store.IdentityDatabase} opens an
 * embedded H2 file or PostgreSQL with the same Flyway migrations and hands out one small store per
 * concern (clients, users, grants, revocations, signing keys), all plain JDBC.
 */
package io.bulwark.identity.store;
