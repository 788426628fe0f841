/**
 * The identity admin commands ({@code bulwark users|clients|roles|keys}): thin clients of the
 * identity server's admin API ({@code /admin/v1}), for an operator at a terminal and for scripts
 * ({@code --json}).
 */
package io.bulwark.cli.identity;
