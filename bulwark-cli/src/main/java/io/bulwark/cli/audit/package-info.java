/**
 * {@code bulwark audit}: verify the tamper-evident audit log, tail and query it, and manage its
 * checkpoint signing key.
 */
package io.bulwark.cli.audit;
