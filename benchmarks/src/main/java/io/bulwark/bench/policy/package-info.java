/**
 * JMH benchmarks of the policy engine ({@code bulwark-policy}) side by side with jCasbin on
 * equivalent policies, so the figures compare like with like.
 */
package io.bulwark.bench.policy;
