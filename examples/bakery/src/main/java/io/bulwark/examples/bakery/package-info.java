/**
 * The bakery: three small services (catalog, orders, payments) that each verify their callers and
 * keep their own store, used to exercise every Bulwark layer end to end.
 */
package io.bulwark.examples.bakery;
