/**
 * Policy engine: RBAC and ABAC policies in YAML with CEL conditions, compiled once, decided with
 * explanations.
 *
 * <p>Start with {@link io.bulwark.policy.PolicyLoader#load(java.nio.file.Path)}, then call {@link
 * io.bulwark.policy.PolicySet#decide}; {@link io.bulwark.policy.PolicyTestRunner} runs the {@code
 * *_test.yaml} suites. The language is described in {@code docs/policy.md}.
 */
package io.bulwark.policy;
