/**
 * The per-route security chain: {@link io.bulwark.gateway.chain.RequestStage}s run in the fixed
 * order of {@link io.bulwark.gateway.chain.Phase} after hygiene and routing, each seeing the
 * normalized request and what earlier stages found, each able to stop the request with a problem.
 */
package io.bulwark.gateway.chain;
