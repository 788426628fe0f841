/**
 * Reading events from an audit directory for {@code bulwark audit tail} and {@code query}: in chain
 * order, with filters and a cursor to follow a growing log.
 */
package io.bulwark.audit.read;
