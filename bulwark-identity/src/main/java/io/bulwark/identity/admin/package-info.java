/** The identity admin API ({@code /admin/v1}): users, clients, keys and sessions. */
package io.bulwark.identity.admin;
