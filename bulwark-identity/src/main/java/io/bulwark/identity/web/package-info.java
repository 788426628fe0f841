/** Server-rendered sign-in pages (login, consent, errors) with a strict CSP and no JavaScript. */
package io.bulwark.identity.web;
