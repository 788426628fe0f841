/**
 * Bulwark's configuration: one {@code bulwark.yaml} for every role, validated against the JSON
 * Schema {@code bulwark.schema.json}, overridden by {@code BULWARK_*} environment variables and by
 * command-line overrides, and bound to immutable records with documented defaults.
 *
 * <p>Start with {@link io.bulwark.core.config.ConfigLoader}; the result is a {@link
 * io.bulwark.core.config.BulwarkConfig}. See {@code docs/configuration.md} for every key.
 */
package io.bulwark.core.config;
