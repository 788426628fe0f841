/** {@code bulwark policy}: runs policy test suites and answers single authorization questions. */
package io.bulwark.cli.policy;
