/**
 * RFC 9457 problem details: {@link io.bulwark.core.problem.Problem} and the exception that carries
 * it.
 */
package io.bulwark.core.problem;
