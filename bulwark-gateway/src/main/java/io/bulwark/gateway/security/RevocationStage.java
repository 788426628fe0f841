package io.bulwark.gateway.security;

import io.bulwark.gateway.auth.AuthFailure;
import io.bulwark.gateway.auth.AuthenticatedPrincipal;
import io.bulwark.gateway.chain.RequestStage;
import io.bulwark.gateway.chain.RequestView;
import io.bulwark.gateway.chain.StageFactory;
import io.bulwark.gateway.chain.StageResult;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.revocation.RevocationList;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Rejects a principal whose token, session, family or user the {@link RevocationList} holds as
 * revoked, with 401 {@code invalid_token}. Requests without a principal pass (authentication
 * already decided they may). In memory, so it never leaves the event loop. Thread-safe.
 */
public final class RevocationStage implements RequestStage {
  private static final StageResult.Continue PASS = (StageResult.Continue) StageResult.proceed();

  private final RevocationList list;
  private final String realm;

  RevocationStage(RevocationList list, String realm) {
    this.list = list;
    this.realm = realm;
  }

  /** A factory adding this stage to every route that authenticates. */
  public static StageFactory factory(RevocationList list, String realm) {
    RevocationStage stage = new RevocationStage(list, realm);
    return route ->
        route.auth() == RouteConfig.Auth.ANONYMOUS ? Optional.empty() : Optional.of(stage);
  }

  @Override
  public CompletionStage<StageResult> apply(RequestView request) {
    Optional<AuthenticatedPrincipal> principal =
        request.attributes().get(AuthenticationStage.AUTHENTICATED);
    if (principal.isPresent() && list.isRevoked(principal.get())) {
      return CompletableFuture.completedFuture(
          Denials.of(AuthFailure.of(AuthFailure.Reason.REVOKED), realm));
    }
    return CompletableFuture.completedFuture(PASS);
  }
}
