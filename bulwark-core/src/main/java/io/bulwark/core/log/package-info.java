/**
 * Logging set-up: {@link io.bulwark.core.log.Logging} configures logback as human text or JSON
 * lines, always with secret redaction; {@link io.bulwark.core.log.Secret} keeps secrets out of
 * {@code toString()}.
 */
package io.bulwark.core.log;
