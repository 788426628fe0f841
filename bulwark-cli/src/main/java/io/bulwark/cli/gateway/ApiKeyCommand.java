package io.bulwark.cli.gateway;

import picocli.CommandLine.Command;

/** {@code bulwark gateway apikey}: API keys in the gateway's key file. */
@Command(
    name = "apikey",
    mixinStandardHelpOptions = true,
    description = "API keys in the gateway's key file (gateway.auth.apiKeyFile).",
    subcommands = {ApiKeyCreateCommand.class})
public final class ApiKeyCommand {}
