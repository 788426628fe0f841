/**
 * Users: the {@link io.bulwark.identity.user.UserDirectory}, Argon2id {@link
 * io.bulwark.identity.user.PasswordHasher} and the {@link io.bulwark.identity.user.PasswordPolicy}
 * with its bundled list of common passwords.
 */
package io.bulwark.identity.user;
