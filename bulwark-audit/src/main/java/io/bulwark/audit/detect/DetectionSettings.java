package io.bulwark.audit.detect;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Deployment facts the shipped rules read through the CEL variable {@code settings}: business hours
 * (for admin changes at odd times) and which certificate identities are expected.
 *
 * @param zone the time zone business hours are in
 * @param startHour first business hour (0-23), inclusive
 * @param endHour last business hour (1-24), exclusive
 * @param days business days
 * @param certIdentityPattern a regular expression every issued certificate's SPIFFE id must match
 */
public record DetectionSettings(
    ZoneId zone, int startHour, int endHour, Set<DayOfWeek> days, String certIdentityPattern) {

  /** Monday to Friday, 08:00 to 18:00 UTC; any SPIFFE id in the {@code bulwark.local} domain. */
  public static final DetectionSettings DEFAULTS =
      new DetectionSettings(
          ZoneId.of("UTC"),
          8,
          18,
          Set.of(
              DayOfWeek.MONDAY,
              DayOfWeek.TUESDAY,
              DayOfWeek.WEDNESDAY,
              DayOfWeek.THURSDAY,
              DayOfWeek.FRIDAY),
          "^spiffe://bulwark\\.local/.+$");

  /** Validates the values. */
  public DetectionSettings {
    Objects.requireNonNull(zone, "zone");
    if (startHour < 0 || startHour > 23 || endHour < 1 || endHour > 24 || endHour <= startHour) {
      throw new IllegalArgumentException("business hours need 0 <= start < end <= 24");
    }
    days = Set.copyOf(days);
    try {
      Pattern.compile(certIdentityPattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("certIdentityPattern is not a valid regular expression");
    }
  }

  /**
   * The CEL view: {@code businessZone} (string), {@code businessStartHour}, {@code businessEndHour}
   * (int), {@code businessDays} (list of int, CEL's {@code getDayOfWeek} numbering: 0 = Sunday) and
   * {@code certIdentityPattern} (string, RE2).
   */
  Map<String, Object> asCelMap() {
    TreeSet<Long> numbers = new TreeSet<>();
    for (DayOfWeek day : days) {
      numbers.add((long) (day.getValue() % 7));
    }
    return Map.of(
        "businessZone",
        zone.getId(),
        "businessStartHour",
        (long) startHour,
        "businessEndHour",
        (long) endHour,
        "businessDays",
        List.copyOf(numbers),
        "certIdentityPattern",
        certIdentityPattern);
  }
}
