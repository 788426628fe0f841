package io.bulwark.core.problem;

/**
 * Thrown by request handlers to answer with a {@link Problem}; the HTTP layer turns it into an
 * {@code application/problem+json} response. The message is the problem's title and detail, which
 * must never contain secrets.
 */
public class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(
        problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()),
        null,
        false,
        false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  public static ProblemException badRequest(String detail) {
    return new ProblemException(Problem.of(400, "bad-request", "Bad request", detail));
  }

  public static ProblemException unauthorized(String detail) {
    return new ProblemException(Problem.of(401, "unauthorized", "Unauthorized", detail));
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(Problem.of(403, "forbidden", "Forbidden", detail));
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(Problem.of(404, "not-found", "Not found", detail));
  }

  public static ProblemException conflict(String detail) {
    return new ProblemException(Problem.of(409, "conflict", "Conflict", detail));
  }
}
