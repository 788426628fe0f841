/**
 * File-system helpers shared by every role: atomic, permission-aware replacement of small files.
 */
package io.bulwark.core.fs;
