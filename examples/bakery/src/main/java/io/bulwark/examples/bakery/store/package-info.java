/** Each bakery service's own embedded H2 database, pooled and migrated by Flyway. */
package io.bulwark.examples.bakery.store;
