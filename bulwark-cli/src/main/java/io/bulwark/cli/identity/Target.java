package io.bulwark.cli.identity;

import picocli.CommandLine.Parameters;

/**
 * The user or client an admin command is about, its first argument. Mixed into each command that
 * names one, so the argument reads the same everywhere.
 */
abstract class Target {
  /** The user's name or id, or the client's id, as given. */
  abstract String name();

  /** Its admin API path, refused unless the name is a plain one. */
  abstract String path();

  @Override
  public String toString() {
    return name();
  }

  /** {@code USER}: a user name or id. */
  static final class User extends Target {
    @Parameters(index = "0", paramLabel = "USER", description = "User name or id.")
    String user;

    @Override
    String name() {
      return user;
    }

    @Override
    String path() {
      return "/users/" + AdminClient.segment(user);
    }
  }

  /** {@code CLIENT_ID}: a client id. */
  static final class Client extends Target {
    @Parameters(index = "0", paramLabel = "CLIENT_ID", description = "The client id.")
    String clientId;

    @Override
    String name() {
      return clientId;
    }

    @Override
    String path() {
      return "/clients/" + AdminClient.segment(clientId);
    }
  }
}
