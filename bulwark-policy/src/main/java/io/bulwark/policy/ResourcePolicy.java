package io.bulwark.policy;

/**
 * A compiled resource policy: the rules for one resource kind.
 *
 * @param kind the resource kind
 * @param file where it was defined, for messages
 * @param rules its rules indexed by action
 */
record ResourcePolicy(String kind, String file, RuleIndex rules) {
  String id() {
    return "resource:" + kind;
  }
}
