/**
 * The orders service: customers place orders priced from the catalog and pay them through the
 * payments service, which it calls with its own service token.
 */
package io.bulwark.examples.bakery.orders;
