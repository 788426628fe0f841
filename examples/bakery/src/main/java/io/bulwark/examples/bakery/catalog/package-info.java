/** The catalog service: products and prices, readable by anyone, editable by admins. */
package io.bulwark.examples.bakery.catalog;
