/**
 * Route matching over normalized paths: {@link io.bulwark.gateway.route.Router} picks the first
 * route whose host, path, method and headers match, and extracts template path parameters.
 */
package io.bulwark.gateway.route;
