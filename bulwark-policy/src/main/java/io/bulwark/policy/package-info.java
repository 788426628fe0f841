/**
 * Policy engine: RBAC and ABAC policies in YAML with CEL conditions, compiled once, decided with
 * explanations.
 */
package io.bulwark.policy;
