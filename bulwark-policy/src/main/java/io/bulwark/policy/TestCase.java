package io.bulwark.policy;

import java.util.Map;

/**
 * One parsed test of a suite: a question and the effect expected for each action.
 *
 * @param suite the suite's name
 * @param name the test's name
 * @param principal who asks
 * @param resource on what
 * @param context when and how
 * @param expected effect per action, in file order
 */
record TestCase(
    String suite,
    String name,
    Principal principal,
    Resource resource,
    RequestContext context,
    Map<String, Effect> expected) {}
