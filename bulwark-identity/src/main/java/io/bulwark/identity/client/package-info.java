/** OAuth clients: registration with one-time secrets, and client authentication. */
package io.bulwark.identity.client;
