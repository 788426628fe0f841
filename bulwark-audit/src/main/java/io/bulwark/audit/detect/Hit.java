package io.bulwark.audit.detect;

import java.time.Instant;

/** One matching event kept in a window: its time, id and (for distinct counts) value. */
record Hit(Instant time, String eventId, String value) {}
