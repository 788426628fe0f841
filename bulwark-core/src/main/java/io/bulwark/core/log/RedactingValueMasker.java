package io.bulwark.core.log;

import com.fasterxml.jackson.core.JsonStreamContext;
import net.logstash.logback.mask.ValueMasker;

/**
 * Applies {@link Redactor} to every string value of a JSON log event (message, stack trace, MDC and
 * arguments alike).
 */
public final class RedactingValueMasker implements ValueMasker {
  @Override
  public Object mask(JsonStreamContext context, Object value) {
    if (value instanceof CharSequence text) {
      String original = text.toString();
      String redacted = Redactor.redact(original);
      return redacted.equals(original) ? null : redacted;
    }
    return null;
  }
}
