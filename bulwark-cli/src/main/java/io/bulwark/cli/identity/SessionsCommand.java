package io.bulwark.cli.identity;

import java.io.PrintWriter;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code bulwark sessions}: login sessions (refresh-token families, the {@code sid} claim of the
 * tokens they issued). Revoking one stops its refresh tokens and, through the revocation events,
 * makes gateways refuse its access tokens within a second.
 */
@Command(
    name = "sessions",
    description = "Revoke login sessions of the identity server.",
    subcommands = {SessionsCommand.Revoke.class})
public final class SessionsCommand extends AdminCommandGroup {
  @Command(
      name = "revoke",
      description =
          "Revoke a login session by its sid (the sid claim of its ID and access tokens): its refresh tokens stop working and gateways refuse its access tokens.")
  static final class Revoke extends AdminSubcommand {
    private static final Pattern SID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    @Parameters(paramLabel = "SID", description = "The session id (sid claim).")
    String sid;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      if (!SID.matcher(sid).matches()) {
        throw new IllegalArgumentException("'" + sid + "' is not a session id");
      }
      admin.post("/sessions/" + sid + "/revoke", null);
      out.println("revoked session " + sid);
    }
  }
}
