/**
 * Keyed HMACs of configured identifiers (such as secret paths) in audit events, so the log can be
 * searched for a value without showing it ({@link io.bulwark.audit.redact.Redactor}).
 */
package io.bulwark.audit.redact;
