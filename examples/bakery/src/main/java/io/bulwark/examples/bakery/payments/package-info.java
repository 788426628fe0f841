/** The payments service: charges orders, and answers only the orders service. */
package io.bulwark.examples.bakery.payments;
