/** Identifiers: {@link io.bulwark.core.id.Ulid}, time-ordered ids for events and records. */
package io.bulwark.core.id;
