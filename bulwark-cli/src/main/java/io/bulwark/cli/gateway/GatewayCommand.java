package io.bulwark.cli.gateway;

import picocli.CommandLine.Command;

/** {@code bulwark gateway}: tools for the gateway's files. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = "Gateway tools.",
    subcommands = {ApiKeyCommand.class})
public final class GatewayCommand {}
