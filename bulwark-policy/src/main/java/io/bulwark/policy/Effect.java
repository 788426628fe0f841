package io.bulwark.policy;

/** The outcome of a policy decision; anything that is not explicitly allowed is denied. */
public enum Effect {
  ALLOW,
  DENY
}
