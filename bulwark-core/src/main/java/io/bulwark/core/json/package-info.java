/** The one shared, strict Jackson configuration: {@link io.bulwark.core.json.Json#mapper()}. */
package io.bulwark.core.json;
