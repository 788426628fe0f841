/** {@code bulwark gateway}: tools for running gateways, such as creating API keys. */
package io.bulwark.cli.gateway;
