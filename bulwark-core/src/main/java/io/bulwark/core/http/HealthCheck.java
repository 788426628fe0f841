package io.bulwark.core.http;

import java.util.Objects;

/**
 * A readiness probe of one dependency (database, key store, upstream...), registered by name on the
 * {@link AdminServer}. It should answer quickly; the admin server bounds how long it waits.
 */
@FunctionalInterface
public interface HealthCheck {
  /** Checks the dependency now. Throwing counts as {@link Status#DOWN}. */
  Result check() throws Exception;

  /** Whether a dependency is usable. */
  enum Status {
    UP,
    DOWN
  }

  /** Outcome of one check: a status and an optional short detail, which must hold no secret. */
  record Result(Status status, String detail) {
    public Result {
      Objects.requireNonNull(status, "status");
    }

    public static Result up() {
      return new Result(Status.UP, null);
    }

    public static Result up(String detail) {
      return new Result(Status.UP, detail);
    }

    public static Result down(String detail) {
      return new Result(Status.DOWN, detail);
    }

    public boolean isUp() {
      return status == Status.UP;
    }
  }
}
