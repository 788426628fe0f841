/** What the bakery services share: caller authentication and strict JSON bodies. */
package io.bulwark.examples.bakery.common;
