/**
 * Reloading a running gateway from files: {@code bulwark.yaml}, the listeners' certificate and key,
 * and the API key file, each watched for changes and applied only when valid.
 */
package io.bulwark.gateway.reload;
